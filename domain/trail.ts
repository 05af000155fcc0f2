/**
 * Which subscriptions a customer-level decision changes (issue 10 item 1). A payment, a storno,
 * a dispute, a dunning step or a costs invoice is recorded once, at customer level; it also
 * belongs in the trail of every subscription whose invoices it pays, re-opens or claims. A
 * customer-wide fact (insolvency, unreachability, legal hold, an arrangement, erasure) changes
 * every subscription the account still holds. Pure: the store writes one copy of the audit item
 * per subscription named here, so the cost is bounded by the account's working set.
 */
import type { ArchivedRecords } from './archive.js';
import type { DomainEvent, DomainEventType, EventOfType } from './domain-events.js';
import type { Account, Invoice } from './types.js';

type Lookup = (invoiceId: string) => Pick<Invoice, 'subscriptionId' | 'lines'> | undefined;

/** The invoices each event type names; `all` for the customer-wide ones. */
const NAMED: { [K in DomainEventType]: (e: EventOfType<K>['data']) => readonly (string | null | undefined)[] | 'all' } = {
  CustomerCreated: () => [],
  ResellerAccountLinked: () => 'all',
  ArrangementRecorded: () => 'all',
  LegalHoldSet: () => 'all',
  LegalHoldReleased: () => 'all',
  InsolvencyReported: () => 'all',
  CustomerUnreachable: () => 'all',
  CustomerUpdated: () => 'all',
  SubscriptionCreated: () => [],
  SubscriptionRefused: () => [],
  SubscriptionActivated: () => [],
  SeatsChanged: () => [],
  PlanChanged: () => [],
  PlanChangeScheduled: () => [],
  UsageRecorded: () => [],
  SubscriptionContinuedIndefinitely: () => [],
  SubscriptionRenewed: () => [],
  NoticeDeadline: () => [],
  CancellationAccepted: () => [],
  CancellationRefused: () => [],
  CancellationWithdrawn: () => [],
  EndScheduledUnreachable: () => [],
  EndedUnreachable: () => [],
  SubscriptionEnded: () => [],
  PriceChangeAnnounced: () => [],
  PriceChanged: () => [],
  TermsChangeAnnounced: () => [],
  SubscriptionSuspended: (d) => [d.invoiceId],
  SuspensionLifted: () => [],
  AccessRevoked: () => [],
  AccessRestored: () => [],
  ResellerSuspensionCascaded: () => [],
  DissolutionProposed: (d) => [d.invoiceId],
  SubscriptionDissolved: (d) => [...d.claims, d.costsInvoiceId, ...d.costsFor],
  InvoiceIssued: (d) => [d.invoiceId],
  CreditNoteIssued: (d) => [d.creditNoteId, d.correctsInvoiceId],
  PaymentReceived: (d) => [d.invoiceId, ...d.allocations.map((a) => a.invoiceId)],
  PaymentFailed: (d) => [d.invoiceId],
  PaymentReversed: (d) => d.reopened.map((r) => r.invoiceId),
  PaymentsAllocated: (d) => [...d.invoices.map((i) => i.invoiceId), ...d.allocations.map((a) => a.invoiceId)],
  InvoiceDisputed: (d) => [d.invoiceId, d.costsInvoiceId],
  DisputeRefused: (d) => [d.invoiceId],
  DisputeResolved: (d) => [d.invoiceId, d.costsInvoiceId],
  InvoiceCreditRequested: (d) => [d.invoiceId],
  ReminderSent: (d) => [d.invoiceId],
  FormalNoticeSent: (d) => [d.invoiceId],
  CustomerInDefault: (d) => [d.invoiceId],
  FourteenDayLetterSent: (d) => [d.invoiceId],
  CollectionCostsCharged: (d) => [d.invoiceId, ...d.claim, d.costsInvoiceId],
  ExportRequested: () => [],
  ExportRefused: () => [],
  DataDeletionRequested: () => [],
  DataDeleted: () => [],
  ErasureScheduled: () => 'all',
  ErasureRefused: (d) => (d.running && d.running.length > 0 ? [] : 'all'),
  PersonalDataErased: () => 'all',
};

/**
 * The subscriptions a customer-level event (one without `subscriptionId`) changes, in id order;
 * empty for an event that already belongs to one subscription. `state` is the account after the
 * decision, `archived` what left it in the same decision (a paid invoice is archived at once).
 */
export function subscriptionsConcerned(event: DomainEvent, state: Account, archived: ArchivedRecords): string[] {
  if (event.subscriptionId !== null) return [];
  const out = new Set<string>();
  const named = (NAMED[event.type] as (d: DomainEvent['data']) => readonly (string | null | undefined)[] | 'all')(event.data);
  if (named === 'all') {
    for (const id of Object.keys(state.subscriptions)) out.add(id);
  } else {
    const lookup: Lookup = (id) => state.invoices[id] ?? archived.invoices.find((i) => i.id === id);
    for (const invoiceId of named) {
      if (!invoiceId) continue;
      const invoice = lookup(invoiceId);
      if (!invoice) continue; // archived by an earlier decision: its subscriptions' trails have their own entries
      if (invoice.subscriptionId !== null) out.add(invoice.subscriptionId);
      for (const line of invoice.lines) if (line.subscriptionId !== null) out.add(line.subscriptionId);
    }
  }
  // An erasure refused because subscriptions still run concerns exactly those.
  if (event.type === 'ErasureRefused') for (const id of event.data.running ?? []) out.add(id);
  return [...out].sort();
}
