/**
 * Payments and disputes: a payment received, failed or reversed (R-PAY-03, R-PAY-04) and an
 * invoice disputed or its dispute resolved (R-PAY-05). Allocation itself is derived (settle).
 */
import { addDays, isAfter, localDateOf } from '../calendar.js';
import { allocation } from '../billing.js';
import { settle } from '../settle.js';
import { Ctx, DomainError, inOpenDispute, issueCreditNote, openCents, type Draft } from '../context.js';
import type { LetterOpenInvoice, PaymentFailure } from '../email-facts.js';
import type { EventOf } from '../events.js';
import type { TermsProfile } from '../terms.js';
import type { Invoice } from '../types.js';
import { applied, ignored, refused, type Emits, type Handlers, type Outcome, type TriggersOf, type TriggerKind } from './family.js';

export const emits = ['PaymentReceived', 'PaymentFailed', 'PaymentReversed', 'PaymentsAllocated', 'InvoiceDisputed', 'DisputeRefused', 'DisputeResolved', 'CreditNoteIssued'] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = [] as const satisfies readonly TriggerKind[];

export const handlers = {
  'payment.succeeded': (ctx, event, occurred) => {
    // A reversal is final (R-PAY-04): the same payment announced again, under another event id, does not revive it.
    if (ctx.acc.payments[event.data.paymentId]?.status === 'succeeded' || ctx.acc.payments[event.data.paymentId]?.status === 'reversed') return ignored;
    const d = event.data;
    const payment = { id: d.paymentId, amountCents: d.amountCents, method: d.method, receivedAt: occurred, invoiceId: d.invoiceId ?? null, status: 'succeeded' as const, reversal: null };
    // The payment's own allocation (R-PAY-03) is part of what happened: computed first, applied by settle.
    const allocated = allocation({ ...ctx.acc, payments: { ...ctx.acc.payments, [d.paymentId]: payment } });
    ctx.emit('PaymentReceived', {
      rule: 'R-PAY-03', source: 'art. 6:43–6:44 BW',
      data: { paymentId: d.paymentId, amountCents: d.amountCents, method: d.method, receivedAt: occurred, invoiceId: payment.invoiceId, allocations: allocated.allocations.filter((a) => a.paymentId === d.paymentId), creditCents: allocated.creditCents },
    });
    settle(ctx, occurred);
    return { ...applied, paidAt: occurred };
  },
  'payment.failed': (ctx, event, occurred) => {
    const existing = ctx.acc.payments[event.data.paymentId];
    if (existing?.status === 'succeeded') return reverse(ctx, event.data.paymentId, 'failed');
    if (existing) return ignored;
    const d = event.data;
    ctx.emit('PaymentFailed', { rule: 'R-PAY-04', data: { paymentId: d.paymentId, amountCents: d.amountCents, reason: d.reason, invoiceId: d.invoiceId ?? null, receivedAt: occurred } });
    const inv = d.invoiceId ? ctx.acc.invoices[d.invoiceId] : undefined;
    ctx.email(d.paymentId, 'payment.failed', null, { amountCents: d.amountCents, failure: paymentFailure(d.reason), invoice: inv ? openInvoice(ctx, inv) : null });
    return applied;
  },
  'payment.reversed': (ctx, event) => {
    const p = ctx.acc.payments[event.data.paymentId];
    if (!p) throw new DomainError('payment.unknown', `payment ${event.data.paymentId} is not known for customer ${ctx.acc.customer.id}`);
    if (p.status !== 'succeeded') return ignored;
    return reverse(ctx, p.id, event.data.reason);
  },
  'invoice.disputed': dispute,
  'invoice.dispute_resolved': resolveDispute,
} satisfies Handlers;

export function triggers(): TriggersOf<typeof triggerKinds> {
  return [];
}

function reverse(ctx: Ctx, paymentId: string, reason: 'storno' | 'chargeback' | 'refund' | 'failed'): Outcome {
  const p = ctx.acc.payments[paymentId]!;
  const before = ctx.acc.allocations.filter((a) => a.paymentId === paymentId);
  ctx.emit('PaymentReversed', {
    rule: 'R-PAY-04', source: '004 art. 5.3',
    data: { paymentId, reason, amountCents: p.amountCents, reopened: before.map((a) => ({ invoiceId: a.invoiceId, cents: a.cents })), note: 'the invoices are open again as if never paid; dunning follows their own dates' },
  });
  settle(ctx, null);
  // R-PAY-04: the customer hears that the money came back and what is open again, with each invoice's own deadline.
  const reopened = [...new Set(before.map((a) => a.invoiceId))].map((id) => ctx.acc.invoices[id]).filter((i): i is Draft<Invoice> => i !== undefined && openCents(i) > 0);
  ctx.email(`${paymentId}:${reason}`, 'payment.reversed', null, { reason, amountCents: p.amountCents, method: p.method, receivedOn: localDateOf(p.receivedAt), reopened: reopened.map((i) => openInvoice(ctx, i)) });
  return applied;
}

/** An invoice as a payment letter names it: what is open and whether its last day to pay has passed. */
function openInvoice(ctx: Ctx, inv: Draft<Invoice>): LetterOpenInvoice {
  return { invoiceId: inv.id, invoiceNumber: inv.number, dueOn: inv.dueOn, openCents: openCents(inv), overdue: isAfter(ctx.today, inv.dueOn) };
}

/** What a provider's failure reason (free text or a SEPA reason code) means for the customer. */
export function paymentFailure(reason: string): PaymentFailure {
  if (/insufficient|funds|saldo|AM04/i.test(reason)) return 'insufficientFunds';
  if (/clos|opgeheven|AC04|AC06/i.test(reason)) return 'accountClosed';
  if (/mandate|machtiging|MD01|MD07|MS02/i.test(reason)) return 'noMandate';
  return 'other';
}

function invoiceOf(ctx: Ctx, invoiceId: string): Draft<Invoice> {
  const inv = ctx.acc.invoices[invoiceId];
  if (!inv) throw new DomainError('invoice.unknown', `invoice ${invoiceId} is not known for customer ${ctx.acc.customer.id}`);
  return inv;
}

function termsOfInvoice(ctx: Ctx, inv: Draft<Invoice>): TermsProfile | null {
  const sub = inv.subscriptionId ? ctx.acc.subscriptions[inv.subscriptionId] : Object.values(ctx.acc.subscriptions)[0];
  return sub ? ctx.termsOf(sub) : null;
}

function dispute(ctx: Ctx, event: EventOf<'invoice.disputed'>): Outcome {
  const inv = invoiceOf(ctx, event.data.invoiceId);
  if (inv.dispute) return ignored;
  if (inv.kind === 'credit_note') return refused({ rule: 'R-PAY-05', reason: `${inv.number} is a credit note, not an invoice to dispute` });
  const terms = termsOfInvoice(ctx, inv);
  const sub = inv.subscriptionId ? { id: inv.subscriptionId } : null;
  const window = terms?.disputeWindowDays ?? null;
  const lastDay = window === null ? null : addDays(inv.issuedOn, window);
  if (lastDay !== null && isAfter(ctx.today, lastDay)) {
    const reason = `invoice ${inv.id} of ${inv.issuedOn} can be disputed until ${lastDay}; received ${ctx.today}`;
    ctx.emit('DisputeRefused', { sub, rule: 'R-PAY-05', source: terms?.sources['disputeWindowDays'] ?? null, data: { invoiceId: inv.id, lastDay } });
    ctx.email(`${inv.id}`, 'dispute.refused', sub, { invoiceId: inv.id, invoiceNumber: inv.number, issuedOn: inv.issuedOn, lastDay });
    return refused({ rule: 'R-PAY-05', reason });
  }
  const costs = costsChargedOnlyOn(ctx, inv);
  // What is open on it once disputed: a payment that did not name it goes to other invoices (R-PAY-03, R-PAY-05).
  const disputed = { openedAt: ctx.at, resolved: null };
  const after = allocation({ ...ctx.acc, invoices: { ...ctx.acc.invoices, [inv.id]: { ...inv, dispute: disputed }, ...(costs && !costs.dispute ? { [costs.id]: { ...costs, dispute: disputed } } : {}) } }).invoices.get(inv.id)!;
  const open = inv.totalCents - after.paidCents - after.writtenOffCents;
  ctx.emit('InvoiceDisputed', { sub, rule: 'R-PAY-05', source: terms?.sources['disputeWindowDays'] ?? null, data: { invoiceId: inv.id, openCents: open, windowDays: window, effect: 'does not count toward arrears, reminders, suspension or dissolution until resolved', costsInvoiceId: costs && !costs.dispute ? costs.id : null } });
  settle(ctx, null, 'dispute');
  ctx.email(inv.id, 'dispute.received', sub, { invoiceId: inv.id, invoiceNumber: inv.number });
  return applied;
}

/**
 * R-PAY-05: collection costs charged on one invoice alone are accessory to that claim, so they
 * follow its dispute — out of arrears and suspension while it runs, void when it is upheld.
 */
function costsChargedOnlyOn(ctx: Ctx, inv: Draft<Invoice>): Draft<Invoice> | null {
  const id = inv.dunning.costsInvoiceId;
  if (!id || Object.values(ctx.acc.invoices).some((i) => i !== inv && i.dunning.costsInvoiceId === id)) return null;
  return ctx.acc.invoices[id] ?? null;
}

const terms = (ctx: Ctx, inv: Draft<Invoice>): TermsProfile | null => termsOfInvoice(ctx, inv);

function resolveDispute(ctx: Ctx, event: EventOf<'invoice.dispute_resolved'>): Outcome {
  const inv = invoiceOf(ctx, event.data.invoiceId);
  if (!inv.dispute || !inOpenDispute(inv)) return ignored;
  const costs = costsChargedOnlyOn(ctx, inv);
  const sub = inv.subscriptionId ? { id: inv.subscriptionId } : null;
  const costsInvoiceId = costs?.dispute && inOpenDispute(costs) ? costs.id : null;
  const upheld = event.data.outcome === 'upheld';
  ctx.emit('DisputeResolved', { sub, rule: 'R-PAY-05', data: { invoiceId: inv.id, outcome: event.data.outcome, effect: upheld ? 'credited by a credit note (R-CREDIT-01); anything paid on it is freed and allocated like a payment (R-CREDIT-02)' : 'invoice stands with its own dates', costsInvoiceId } });
  if (upheld) {
    // R-CREDIT-01: an upheld dispute is corrected by a credit note, not by voiding the invoice; the collection costs that followed the claim go with it.
    const reason = ctx.acc.customer.language === 'nl' ? 'uw bezwaar tegen de factuur is gegrond' : 'your dispute of the invoice is upheld';
    for (const id of [inv.id, ...(costsInvoiceId ? [costsInvoiceId] : [])]) issueCreditNote(ctx, { invoiceId: id, reason, rule: 'R-CREDIT-01', source: terms(ctx, inv)?.sources['disputeWindowDays'] ?? null });
  }
  settle(ctx, null);
  ctx.email(inv.id, 'dispute.resolved', sub, { invoiceId: inv.id, invoiceNumber: inv.number, outcome: event.data.outcome });
  return applied;
}
