/**
 * Renewal, notice and the end of a contract: cancellation and its withdrawal (R-NOTICE-01..06,
 * R-EARLY-01), the notice-deadline reminder (R-NOTICE-02), renewal (R-RENEW-01..03) and the end on
 * the agreed day.
 */
import { addDays, isBefore, type LocalDate } from '../calendar.js';
import { billedUntil, chargeLines, chargesBetween } from '../billing.js';
import { noticeDeadline, quoteCancellation, type CancellationQuote } from '../cancellation.js';
import type { CancellationRefusal } from '../email-facts.js';
import { Ctx, issueCreditNote, issueInvoice, liveSubs, type Draft } from '../context.js';
import type { EventOf } from '../events.js';
import { creditable } from '../invoicing.js';
import { endSubscription, invoiceRemainingCharges, renew } from '../lifecycle.js';
import type { CancellationChannel, LiveSubscription } from '../types.js';
import { applied, ignored, live, refused, subscription, type Emits, type Handlers, type Outcome, type TriggersOf, type TriggerKind } from './family.js';

export const emits = [
  'CancellationAccepted', 'CancellationRefused', 'CancellationWithdrawn', 'NoticeDeadline', 'SubscriptionRenewed', 'SubscriptionContinuedIndefinitely',
  'SubscriptionEnded', 'AccessRevoked', 'InvoiceIssued', 'CreditNoteIssued',
] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = ['end', 'renew', 'noticeDeadline'] as const satisfies readonly TriggerKind[];

export const handlers = {
  'cancellation.requested': cancel,
  'cancellation.withdrawn': (ctx, event) => {
    const sub = live(ctx, event.data.subscriptionId);
    if (!sub || !sub.cancellation) return ignored;
    const was = sub.cancellation;
    ctx.emit('CancellationWithdrawn', { sub, rule: 'R-NOTICE-06', data: { endsOnWas: was.endsOn } });
    // R-CREDIT-01: the contract continues as if no notice was given, so the early-termination fee is credited.
    if (was.feeInvoiceId && ctx.acc.invoices[was.feeInvoiceId]) {
      const reason = ctx.acc.customer.language === 'nl' ? 'uw opzegging is ingetrokken; de vergoeding voor voortijdige beëindiging vervalt' : 'your cancellation was withdrawn; the early-termination fee no longer applies';
      issueCreditNote(ctx, { invoiceId: was.feeInvoiceId, reason, rule: 'R-CREDIT-01', source: ctx.termsOf(sub).sources['earlyTerminationByCustomer'] ?? null });
    }
    billRestOfCutPeriod(ctx, sub, was.endsOn);
    ctx.email(`${sub.id}:${was.requestedAt}`, 'cancellation.withdrawn', sub, { lastDayWas: addDays(was.endsOn, -1) });
    return applied;
  },
} satisfies Handlers;

/** A cancelled contract ends on its day, an uncancelled fixed term renews at its end, and the notice deadline is announced before. */
export function triggers(ctx: Ctx): TriggersOf<typeof triggerKinds> {
  const out: TriggersOf<typeof triggerKinds> = [];
  const consumer = ctx.acc.customer.kind === 'consumer';
  for (const sub of liveSubs(ctx.acc)) {
    const terms = ctx.termsOf(sub);
    const endsOn = sub.cancellation?.endsOn ?? null;
    if (endsOn) out.push({ on: endsOn, kind: 'end', label: `end ${sub.id}`, run: (c) => endByCancellation(c, sub) });
    if (sub.term.end && !(endsOn && endsOn <= sub.term.end)) out.push({ on: sub.term.end, kind: 'renew', label: `renew ${sub.id}`, run: (c) => renew(c, sub, terms) });
    const deadline = noticeDeadline(sub, terms);
    if (deadline && sub.noticeDeadlineAnnouncedFor !== sub.term.end) {
      out.push({ on: deadline, kind: 'noticeDeadline', label: `notice deadline ${sub.id}`, run: (c) => {
        c.emit('NoticeDeadline', { sub, rule: 'R-NOTICE-02', source: terms.sources['endAlignment'] ?? null, data: { lastDayForNotice: deadline, termEnd: sub.term.end, noticeMonths: terms.noticePeriodMonths, renewsOtherwise: consumer ? 'continues indefinitely (R-RENEW-03)' : 'renews (R-RENEW-01)' } });
        c.email(`${sub.id}:${deadline}`, 'notice_deadline.reminder', sub, { lastDayForNotice: deadline, termEnd: sub.term.end });
      } });
    }
  }
  return out;
}

function endByCancellation(ctx: Ctx, sub: Draft<LiveSubscription>): void {
  const c = sub.cancellation!;
  const reason = c.basis === 'priceChange' ? 'price-change' : c.basis === 'termsChange' ? 'terms-change' : c.basis === 'unreachable' ? 'unreachable' : 'cancelled';
  // R-CREDIT-03: an early-termination fee still standing claims the days up to where it runs.
  const fee = c.feeInvoiceId ? ctx.acc.invoices[c.feeInvoiceId] : undefined;
  const claimedUntil = fee && creditable(fee) > 0 ? (fee.lines.find((l) => l.kind === 'early-termination')?.period?.end ?? null) : null;
  endSubscription(ctx, sub, ctx.termsOf(sub), c.endsOn, reason, c.rule, claimedUntil);
}

function cancel(ctx: Ctx, event: EventOf<'cancellation.requested'>): Outcome {
  const sub = subscription(ctx, event.data.subscriptionId);
  if (sub.status === 'live' && sub.cancellation) return ignored;
  if (sub.status === 'ended') return ignored;
  const terms = ctx.termsOf(sub);
  const q = quoteCancellation(ctx.acc, sub.id, terms, ctx.at, event.data.channel, event.data.requestedEndDate);
  if (q.refusal) {
    ctx.emit('CancellationRefused', { sub, rule: q.refusal.rule, source: terms.sources[q.refusal.rule === 'R-NOTICE-04' ? 'cancellationForm' : 'refuseCancellationWhileInArrears'] ?? null, data: { reason: q.refusal.reason, channel: event.data.channel, ...q.facts } });
    const letter = refusalLetter(q, event.data.channel, (invoiceId) => ctx.acc.invoices[invoiceId]?.number ?? '');
    if (letter) ctx.email(`${sub.id}:${event.id}`, 'cancellation.refused', sub, letter);
    return refused(q.refusal);
  }
  if (sub.status === 'pending') {
    ctx.emit('SubscriptionEnded', { sub, rule: 'R-START-01', data: { endedOn: ctx.today, reason: 'cancelled', note: 'cancelled before the service started', exportWindowDays: 0, exportWindowEndsOn: null, lastExportDay: ctx.today } });
    ctx.email(`${sub.id}:${event.id}`, 'cancellation.confirmed', sub, { endsOn: ctx.today, lastDay: null, feeCents: 0 });
    return applied;
  }
  ctx.emit('CancellationAccepted', { sub, rule: q.rule, source: terms.sources['noticePeriodMonths'] ?? null, data: { endsOn: q.endsOn!, lastDay: q.earliestEndDate, earlyTerminationFeeCents: q.earlyTerminationFeeCents, ...q.facts, channel: event.data.channel, basis: q.basis } });
  // R-EARLY-01 up to the end the quote used: in a bundle that is the bundle's minimum term end (R-NOTICE-05).
  const remainingUntil = q.facts.remainingUntil ?? sub.minimumTermEnd;
  if (q.earlyTerminationFeeCents > 0) invoiceRemainingCharges(ctx, sub, terms, q.endsOn!, remainingUntil, terms.sources['earlyTerminationByCustomer'] ?? terms.seed, terms.paymentTermDays, true);
  ctx.email(`${sub.id}:${event.id}`, 'cancellation.confirmed', sub, { endsOn: q.endsOn, lastDay: q.earliestEndDate, feeCents: q.earlyTerminationFeeCents });
  return applied;
}

/**
 * R-NOTICE-06: after a withdrawal the contract continues "as if none had been given", so a period
 * billed in advance only up to the old end (invoicePeriod cut it short) is billed for the rest.
 */
function billRestOfCutPeriod(ctx: Ctx, sub: Draft<LiveSubscription>, oldEnd: LocalDate): void {
  const terms = ctx.termsOf(sub);
  const paidTo = billedUntil(sub);
  if (terms.billingTiming !== 'inAdvance' || !isBefore(oldEnd, paidTo)) return;
  const amount = chargesBetween(sub, oldEnd, paidTo);
  if (amount <= 0) return;
  const period = { start: oldEnd, end: paidTo };
  const lines = chargeLines(ctx.acc.customer, terms, sub.id, period, [{
    description: `${sub.plan.name}, ${sub.seats} × ${oldEnd} – ${addDays(paidTo, -1)} (cancellation withdrawn)`, period, quantity: sub.seats, unitCents: sub.plan.priceCents, amountCents: amount, rule: 'R-NOTICE-06',
  }]);
  issueInvoice(ctx, { subscriptionId: sub.id, lines, paymentTermDays: terms.paymentTermDays, category: 'principal', rule: 'R-NOTICE-06', source: terms.sources['billingTiming'] ?? terms.seed });
}

/** The refusal as the customer's letter states it (R-NOTICE-03, R-NOTICE-04); other refusals concern no running subscription and send none. */
function refusalLetter(q: CancellationQuote, channel: CancellationChannel, numberOf: (invoiceId: string) => string): CancellationRefusal | null {
  if (q.refusal?.rule === 'R-NOTICE-04') return { reason: 'form', required: q.facts.required ?? 'written', channel };
  if (q.refusal?.rule === 'R-NOTICE-03') {
    const invoiceId = q.facts.invoiceId ?? '';
    return { reason: 'arrears', invoiceId, invoiceNumber: numberOf(invoiceId), arrearsCents: q.facts.arrearsCents ?? 0 };
  }
  return null;
}
