/**
 * The account's working set stays as large as its open work (issue: a ledger that scales).
 * Settled records — invoices with nothing left to pay, payments past the window in which they
 * are usually reversed, ended subscriptions whose data deletion was asked — leave the account at
 * the end of a decision as records of their own; the store writes them in the same transaction.
 * An event that names one (a storno names its payment, the payment names what it paid, a dispute
 * names its invoice) gets it back first: `missingRecords` says what to load, `restoreRecords`
 * puts it back, and the decision archives it again once it is settled again.
 *
 * Allocation (R-PAY-03) keeps working across the boundary: an allocation whose payment or invoice
 * is archived is frozen — it still uses the payment's money and still counts as paid on the
 * invoice — so moving a record out never changes what anyone owes.
 */
import { allocation, setAllocation } from './billing.js';
import { daysBetween, localDateOf, type LocalDate } from './calendar.js';
import { inOpenDispute, openCents, type Draft } from './context.js';
import type { IncomingEvent } from './events.js';
import { evolveAll } from './evolve.js';
import { billsServiceAfter } from './cut-short.js';
import type { Account, Allocation, Decision, EndedSubscription, Invoice, Payment } from './types.js';

/**
 * How long a payment stays in the working set after it was received (or reversed): SEPA Core
 * lets a payer have a direct debit refunded without question for 8 weeks. A later storno or
 * chargeback still works: it loads the payment back. This is a cost setting, not a rule.
 */
export const HOT_PAYMENT_DAYS = 56;
/** At most this many records leave the account in one decision, so one transaction holds them. */
export const MAX_ARCHIVED_PER_DECISION = 40;

/** A settled invoice with the allocations that paid it. */
export interface ArchivedInvoice extends Invoice {
  readonly paidBy: readonly Allocation[];
}
/** A settled payment with the allocations it made. */
export interface ArchivedPayment extends Payment {
  readonly allocations: readonly Allocation[];
}

export interface ArchivedRecords {
  readonly invoices: readonly ArchivedInvoice[];
  readonly payments: readonly ArchivedPayment[];
  readonly subscriptions: readonly EndedSubscription[];
}

export const NO_RECORDS: ArchivedRecords = { invoices: [], payments: [], subscriptions: [] };

export interface RecordIds {
  readonly invoices: readonly string[];
  readonly payments: readonly string[];
  readonly subscriptions: readonly string[];
}

export const isEmpty = (r: RecordIds | ArchivedRecords): boolean => r.invoices.length + r.payments.length + r.subscriptions.length === 0;

/**
 * The archived records `event` needs that are not in `state`. Call again after restoring: a
 * restored payment names the invoices it paid, a restored invoice its subscription.
 */
export function missingRecords(state: Account | null, event: IncomingEvent): RecordIds {
  if (state === null) return { invoices: [], payments: [], subscriptions: [] };
  const invoices = new Set<string>();
  const payments = new Set<string>();
  const subscriptions = new Set<string>();
  const d = event.data as Partial<Record<'subscriptionId' | 'paymentId' | 'invoiceId', unknown>>;
  if (typeof d.subscriptionId === 'string' && !state.subscriptions[d.subscriptionId] && state.archivedSubscriptionIds.includes(d.subscriptionId)) subscriptions.add(d.subscriptionId);
  if (typeof d.paymentId === 'string' && event.type.startsWith('payment.')) {
    const known = state.payments[d.paymentId];
    // A payment received within the hot window would still be here: only an older one can be archived.
    const couldBeArchived = event.type !== 'payment.succeeded' || daysBetween(localDateOf(event.occurredAt), localDateOf(state.clock)) > HOT_PAYMENT_DAYS;
    if (!known && couldBeArchived) payments.add(d.paymentId);
    if (!(known && event.type === 'payment.succeeded')) {
      // Allocation follows the order payments were received (R-PAY-03): a payment received before
      // others, or reversed, changes what they paid — and a reversal re-opens what it paid itself.
      const from = known?.receivedAt ?? event.occurredAt;
      for (const a of state.allocations) {
        const by = state.payments[a.paymentId];
        if (by && !state.invoices[a.invoiceId] && (a.paymentId === d.paymentId || by.receivedAt >= from)) invoices.add(a.invoiceId);
      }
    }
  }
  // A withdrawn cancellation credits its early-termination fee (R-CREDIT-01): the fee invoice must be here.
  const sub = typeof d.subscriptionId === 'string' ? state.subscriptions[d.subscriptionId] : undefined;
  const feeInvoiceId = event.type === 'cancellation.withdrawn' && sub?.status === 'live' ? (sub.cancellation?.feeInvoiceId ?? null) : null;
  const namedInvoiceId = typeof d.invoiceId === 'string' && event.type.startsWith('invoice.') ? d.invoiceId : feeInvoiceId;
  if (namedInvoiceId !== null) {
    // A dispute also reaches the collection costs charged on the invoice (R-PAY-05), and may credit
    // both: what paid them must be here to be allocated again (R-CREDIT-02).
    const named = state.invoices[namedInvoiceId];
    const ids = [namedInvoiceId, named?.dunning.costsInvoiceId ?? null].filter((id): id is string => id !== null);
    for (const id of ids) {
      if (!state.invoices[id]) invoices.add(id);
      else for (const a of state.allocations) if (a.invoiceId === id && !state.payments[a.paymentId]) payments.add(a.paymentId);
    }
    // What the invoice takes or gives back moves through the payments that paid or name it, and
    // every payment received after them (R-PAY-03): what those paid must be here to be re-allocated.
    const involved = Object.values(state.payments).filter((p) => (p.invoiceId !== null && ids.includes(p.invoiceId)) || state.allocations.some((a) => a.paymentId === p.id && ids.includes(a.invoiceId)));
    const from = involved.map((p) => p.receivedAt).sort()[0];
    if (from !== undefined) {
      for (const a of state.allocations) {
        const by = state.payments[a.paymentId];
        if (by && by.receivedAt >= from && !state.invoices[a.invoiceId]) invoices.add(a.invoiceId);
      }
    }
  }
  // An invoice brings its subscription (the terms that govern it).
  for (const inv of Object.values(state.invoices)) {
    if (inv.subscriptionId && !state.subscriptions[inv.subscriptionId] && state.archivedSubscriptionIds.includes(inv.subscriptionId)) subscriptions.add(inv.subscriptionId);
  }
  return { invoices: [...invoices], payments: [...payments], subscriptions: [...subscriptions] };
}

/** Puts archived records back into the working set, with the allocations they carry. */
export function restoreRecords(state: Account, records: ArchivedRecords): Account {
  if (isEmpty(records)) return state;
  const invoices = { ...state.invoices };
  const payments = { ...state.payments };
  const subscriptions = { ...state.subscriptions };
  const allocations = [...state.allocations];
  const has = (a: Allocation) => allocations.some((b) => b.paymentId === a.paymentId && b.invoiceId === a.invoiceId);
  for (const { paidBy, ...inv } of records.invoices) {
    if (invoices[inv.id]) continue;
    invoices[inv.id] = inv;
    for (const a of paidBy) if (!has(a)) allocations.push(a);
  }
  for (const { allocations: made, ...p } of records.payments) {
    if (payments[p.id]) continue;
    payments[p.id] = p;
    for (const a of made) if (!has(a)) allocations.push(a);
  }
  for (const sub of records.subscriptions) if (!subscriptions[sub.id]) subscriptions[sub.id] = sub;
  const archivedSubscriptionIds = state.archivedSubscriptionIds.filter((id) => !subscriptions[id]);
  // The derived allocation as the facts now here give it (a copy: records and states are shared):
  // loading back is storage, so deciding nothing on the loaded account changes nothing.
  const acc = structuredClone({ ...state, invoices, payments, subscriptions, allocations, archivedSubscriptionIds }) as Draft<Account>;
  setAllocation(acc, allocation(acc));
  return acc as Account;
}

/**
 * Moves what is settled out of the working set and returns it, as the last step of a decision.
 * This is not a domain event (nothing happened to the customer; the records are only stored
 * elsewhere): folding a decision's events gives its state before this step, and
 * `leaveWorkingSet(state, decision.archived)` gives the state after it.
 */
export function archiveSettled(acc: Draft<Account>): ArchivedRecords {
  const today = localDateOf(acc.clock);
  let room = MAX_ARCHIVED_PER_DECISION;
  const referenced = referencedInvoices(acc);
  const invoices: ArchivedInvoice[] = [];
  for (const inv of Object.values(acc.invoices)) {
    if (room === 0) break;
    if (openCents(inv) !== 0 || inOpenDispute(inv) || referenced.has(inv.id)) continue;
    invoices.push({ ...(inv as Invoice), paidBy: acc.allocations.filter((a) => a.invoiceId === inv.id) });
    room--;
  }
  const leaving = new Set(invoices.map((i) => i.id));
  // R-CREDIT-03 may still credit an invoice kept for it: what paid it stays, to be freed (R-CREDIT-02).
  const payingKept = new Set(acc.allocations.filter((a) => referenced.has(a.invoiceId)).map((a) => a.paymentId));
  const payments: ArchivedPayment[] = [];
  for (const p of Object.values(acc.payments)) {
    if (room === 0) break;
    if (payingKept.has(p.id) || !paymentSettled(acc, p, today)) continue;
    payments.push({ ...(p as Payment), allocations: acc.allocations.filter((a) => a.paymentId === p.id) });
    room--;
  }
  const subscriptions: EndedSubscription[] = [];
  const billed = new Set(Object.values(acc.invoices).filter((i) => !leaving.has(i.id)).map((i) => i.subscriptionId));
  for (const sub of Object.values(acc.subscriptions)) {
    if (room === 0) break;
    if (sub.status !== 'ended' || sub.dataDeletion === null || billed.has(sub.id) || acc.customer.erasure?.status === 'scheduled') continue;
    subscriptions.push(sub as EndedSubscription);
    room--;
  }
  const records = { invoices, payments, subscriptions };
  if (isEmpty(records)) return NO_RECORDS;
  leaveWorkingSet(acc, records);
  return records;
}

/** Takes archived records out of an account (in place), as `archiveSettled` does at the end of a decision. */
export function leaveWorkingSet(acc: Draft<Account>, records: RecordIds | ArchivedRecords): void {
  const ids = (xs: readonly (string | { id: string })[]) => xs.map((x) => (typeof x === 'string' ? x : x.id));
  for (const id of ids(records.invoices)) delete acc.invoices[id];
  for (const id of ids(records.payments)) delete acc.payments[id];
  for (const id of ids(records.subscriptions)) {
    delete acc.subscriptions[id];
    acc.archivedSubscriptionIds.push(id);
  }
  if (records.invoices.length + records.payments.length === 0) return;
  // An allocation whose payment and invoice have both left lives on in their records.
  acc.allocations = acc.allocations.filter((a) => acc.payments[a.paymentId] || acc.invoices[a.invoiceId]);
  // Frozen allocations come first in each payment's list: recompute, so the state is what the next decision would compute.
  setAllocation(acc, allocation(acc));
}

/**
 * The state a decision returned, from the state it started with: its events folded by `evolve`,
 * its clock and the customer's e-mail address (which the trail does not carry, evolve.ts), then its
 * archiving. What the decision computed and this replay agree (a property test).
 */
export function replay(before: Account, decision: Pick<Decision, 'events' | 'archived'> & { state: Pick<Account, 'clock'> & { customer: Pick<Account['customer'], 'email'> } }): Account {
  const acc = evolveAll(before, decision.events) as Draft<Account>;
  acc.clock = decision.state.clock;
  acc.customer.email = decision.state.customer.email;
  leaveWorkingSet(acc, decision.archived);
  return acc as Account;
}

/** Invoices other records still point at: the first invoice of a pending start, collection costs on a working claim. */
function referencedInvoices(acc: Draft<Account>): Set<string> {
  const out = new Set<string>();
  for (const sub of Object.values(acc.subscriptions)) if (sub.status === 'pending' && sub.firstInvoiceId) out.add(sub.firstInvoiceId);
  for (const inv of Object.values(acc.invoices)) if (inv.dunning.costsInvoiceId && openCents(inv) !== 0) out.add(inv.dunning.costsInvoiceId);
  // R-CREDIT-03: while a live subscription may still end before the days billed in advance, the
  // documents that billed them (and the fee that claims some of them) stay: no event names them.
  const today = localDateOf(acc.clock);
  for (const sub of Object.values(acc.subscriptions)) if (sub.status === 'live' && sub.cancellation?.feeInvoiceId) out.add(sub.cancellation.feeInvoiceId);
  for (const inv of Object.values(acc.invoices)) {
    const sub = inv.subscriptionId ? acc.subscriptions[inv.subscriptionId] : undefined;
    if (sub?.status === 'live' && billsServiceAfter(inv as Invoice, sub, today)) out.add(inv.id);
  }
  return out;
}

function paymentSettled(acc: Draft<Account>, p: Draft<Payment>, today: LocalDate): boolean {
  const since = localDateOf(p.reversal?.at ?? p.receivedAt);
  if (daysBetween(since, today) <= HOT_PAYMENT_DAYS) return false;
  if (p.status !== 'succeeded') return true;
  // All of its money is allocated (credit stays with a payment in the working set). What it paid on
  // an invoice still here stays frozen on that invoice; an event that could change it brings the
  // payment back (a dispute, a storno), so leaving never depends on where the money went — which
  // makes loading a payment back and deciding nothing give the same account again.
  let allocated = 0;
  for (const a of acc.allocations) if (a.paymentId === p.id) allocated += a.cents;
  return allocated === p.amountCents;
}
