/**
 * Invoices as legal documents (issue 8): the customer's billing details that invoices name
 * (R-INV-02, R-INV-03) and credit notes the provider issues (`invoice.credited`, R-CREDIT-01).
 * The other families call the credit-note primitive (context.ts `issueCreditNote`) themselves:
 * a withdrawn cancellation's fee, an upheld dispute, a period cut short.
 */
import { Ctx, DomainError, issueCreditNote } from '../context.js';
import type { EventOf } from '../events.js';
import { creditable, normalizeVatId } from '../invoicing.js';
import type { EventData } from '../domain-events.js';
import { applied, ignored, refused, type Emits, type Handlers, type Outcome, type TriggersOf, type TriggerKind } from './family.js';

export const emits = ['CustomerUpdated', 'InvoiceCreditRequested', 'CreditNoteIssued'] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = [] as const satisfies readonly TriggerKind[];

export const handlers = {
  'customer.updated': updateCustomer,
  'invoice.credited': creditInvoice,
} satisfies Handlers;

export function triggers(): TriggersOf<typeof triggerKinds> {
  return [];
}

/** New details apply from now on: billing details to documents issued from now on, issued ones keep what they named (R-INV-02). */
function updateCustomer(ctx: Ctx, event: EventOf<'customer.updated'>): Outcome {
  const c = ctx.acc.customer;
  const d = event.data;
  if (d.customerId !== c.id) throw new DomainError('customer.mismatch', `customer.updated for ${d.customerId} delivered to ${c.id}`);
  const data: EventData['CustomerUpdated'] = { changed: [] };
  if (d.name !== undefined && d.name !== c.name && c.email !== '') {
    data.changed.push('name');
    data.name = d.name;
  }
  if (d.billingAddress !== undefined) {
    const next = d.billingAddress && { ...d.billingAddress, additionalStreet: d.billingAddress.additionalStreet ?? null };
    if (JSON.stringify(next) !== JSON.stringify(c.billingAddress)) {
      data.changed.push('billingAddress');
      data.billingAddress = next;
    }
  }
  if (d.vatId !== undefined) {
    const next = d.vatId === null ? null : normalizeVatId(d.vatId);
    if (next !== c.vatId) {
      data.changed.push('vatId');
      data.vatId = next;
    }
  }
  // The partner API's PATCH (issue 10): contact and payment details. The address is the account's, not the trail's (R-DATA-05).
  const erased = c.erasure?.status === 'done';
  if (d.email !== undefined && d.email !== c.email && !erased) {
    data.changed.push('email');
    c.email = d.email;
  }
  if (d.language !== undefined && d.language !== c.language) {
    data.changed.push('language');
    data.language = d.language;
  }
  if (d.directDebit !== undefined && d.directDebit !== c.directDebit) {
    data.changed.push('directDebit');
    data.directDebit = d.directDebit;
  }
  if (data.changed.length === 0) return ignored;
  const invoicing = data.changed.includes('vatId') ? 'R-INV-03' : data.changed.includes('name') || data.changed.includes('billingAddress') ? 'R-INV-02' : null;
  ctx.emit('CustomerUpdated', { rule: invoicing, source: invoicing && 'art. 35a Wet OB', data });
  return applied;
}

/**
 * The provider credits an invoice (R-CREDIT-01): a credit note for the amount asked, at most what
 * is left of the invoice after earlier credit notes; a request for more is refused with the reason.
 */
function creditInvoice(ctx: Ctx, event: EventOf<'invoice.credited'>): Outcome {
  const inv = ctx.acc.invoices[event.data.invoiceId];
  if (!inv) throw new DomainError('invoice.unknown', `invoice ${event.data.invoiceId} is not known for customer ${ctx.acc.customer.id}`);
  if (inv.kind !== 'invoice') return refused({ rule: 'R-CREDIT-01', reason: `${inv.number} is a credit note; only an invoice can be credited` });
  const left = creditable(inv);
  const asked = event.data.amountCents ?? null;
  if (left === 0) return refused({ rule: 'R-CREDIT-01', reason: `invoice ${inv.number} is credited in full already` });
  if (asked !== null && asked > left) return refused({ rule: 'R-CREDIT-01', reason: `invoice ${inv.number} has ${left} cents left to credit; ${asked} asked` });
  const sub = inv.subscriptionId ? { id: inv.subscriptionId } : null;
  ctx.emit('InvoiceCreditRequested', { sub, rule: 'R-CREDIT-01', data: { invoiceId: inv.id, requestedCents: asked, creditedCents: asked ?? left, reason: event.data.reason } });
  issueCreditNote(ctx, { invoiceId: inv.id, ...(asked !== null && { amountCents: asked }), reason: event.data.reason, rule: 'R-CREDIT-01', source: null });
  return applied;
}
