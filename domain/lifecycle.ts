/**
 * Start, renewal and end of a subscription, and what happens to its data afterwards:
 * R-START-01, R-TERM-01, R-RENEW-01..03, R-DATA-01..05, R-EARLY-01.
 */
import { addDays, addMonths, maxDate, type LocalDate } from './calendar.js';
import { billedUntil, billingAnchorDate, chargesBetween, invoicePeriod, periodStart } from './billing.js';
import { Ctx, issueInvoice, line, type Draft } from './context.js';
import type { TermsProfile } from './terms.js';
import { invoiceFinalUsage } from './usage.js';
import { creditUnusedDays } from './cut-short.js';
import type { EndReason, EndedSubscription, LiveSubscription, PendingSubscription, Subscription, RuleId } from './types.js';

/**
 * R-START-01 / R-TERM-01: the first term starts on the local day the activation condition holds —
 * the day the event that fulfils it happened, also when it is applied on a later day (a late event:
 * the time rules of the days between run at once).
 */
export function activate(ctx: Ctx, pending: Draft<PendingSubscription>, terms: TermsProfile, because: string): Draft<LiveSubscription> {
  const on = ctx.occurredOn ?? ctx.today;
  const minimumTermEnd = addMonths(on, terms.minimumTermMonths);
  const alreadyInvoiced = pending.firstInvoiceId !== null; // onFirstPayment: the paid invoice is period 0
  const plan = pending.plan;
  const periodAnchor = billingAnchorDate(on, terms.billingAnchor, plan.period);
  ctx.emit('SubscriptionActivated', {
    sub: pending, rule: 'R-START-01', source: terms.sources['activation'] ?? null,
    data: {
      activation: terms.activation, because, termStart: on, termEnd: terms.minimumTermMonths > 0 ? minimumTermEnd : null, termKind: terms.minimumTermMonths > 0 ? 'initial' : 'indefinite',
      minimumTermMonths: terms.minimumTermMonths, minimumTermEnd, periodIndex: alreadyInvoiced ? 1 : 0,
      // In advance period 0 is invoiced on the first day of service; in arrears on the day after it (R-START-02, R-BILL-01).
      nextInvoiceOn: terms.billingTiming === 'inAdvance' && !alreadyInvoiced ? on : periodStart({ periodAnchor, plan }, 1), periodAnchor,
    },
  });
  const live = ctx.acc.subscriptions[pending.id] as Draft<LiveSubscription>;
  ctx.access('restore', live, 'reactivated', 'R-START-01');
  return live;
}

/** At the end of a fixed term without a cancellation: renew or continue (R-RENEW-01..03). */
export function renew(ctx: Ctx, sub: Draft<LiveSubscription>, terms: TermsProfile): void {
  const end = sub.term.end;
  if (end === null) return;
  const consumer = ctx.acc.customer.kind === 'consumer';
  if (consumer) {
    ctx.emit('SubscriptionContinuedIndefinitely', {
      sub, rule: 'R-RENEW-03', source: terms.sources['renewalForBusiness'] ?? null,
      data: { previousTermEnd: end, noticeMonths: Math.min(1, terms.noticePeriodMonths), guardrail: 'R-LAW-02 (6:236 j BW)' },
    });
    ctx.email(`${sub.id}:${end}`, 'renewal.notice', sub, { continuesIndefinitely: true, from: end, noticeMonths: Math.min(1, terms.noticePeriodMonths) });
    return;
  }
  const r = terms.renewalForBusiness;
  if (r.kind === 'indefinite') {
    ctx.emit('SubscriptionContinuedIndefinitely', { sub, rule: 'R-RENEW-02', source: terms.sources['renewalForBusiness'] ?? null, data: { previousTermEnd: end, noticeMonths: terms.noticePeriodMonths } });
    return;
  }
  const months = r.kind === 'months' ? r.months : terms.minimumTermMonths;
  const termEnd = addMonths(end, months);
  ctx.emit('SubscriptionRenewed', { sub, rule: 'R-RENEW-01', source: terms.sources['renewalForBusiness'] ?? null, data: { termStart: end, termEnd, months } });
  ctx.email(`${sub.id}:${end}`, 'renewal.notice', sub, { termStart: end, termEnd });
}

/**
 * Ends a subscription on `endsOn` (exclusive): access revoked at once (R-DATA-01), a final
 * invoice for service billed in arrears, a credit note for days billed in advance after the end
 * (R-CREDIT-03), the export window opened (R-DATA-02).
 */
export function endSubscription(
  ctx: Ctx, sub: Draft<LiveSubscription> | Draft<PendingSubscription>, terms: TermsProfile, endsOn: LocalDate, reason: EndReason, rule: RuleId,
  /** The day the remaining charges claimed with this end run up to (R-EARLY-01): days billed before it are not credited. */
  claimedUntil: LocalDate | null = null,
): Draft<EndedSubscription> {
  if (sub.status === 'live' && terms.billingTiming === 'inArrears' && billedUntil(sub) < endsOn) {
    invoicePeriod(ctx, sub, terms, sub.periodIndex, endsOn, undefined, '9999-12-31');
  }
  // R-CREDIT-03: days billed in advance that the subscription does not live to are credited.
  if (sub.status === 'live') creditUnusedDays(ctx, sub, terms, endsOn, claimedUntil);
  // R-BILL-03: usage not yet invoiced (in advance, the months since the last periodic invoice).
  if (sub.status === 'live') invoiceFinalUsage(ctx, sub, terms);
  const wasLive = sub.status === 'live';
  const lastExportDay = addDays(endsOn, terms.exportWindowDays - 1);
  ctx.emit('SubscriptionEnded', { sub, rule, source: null, data: { endedOn: endsOn, reason, exportWindowDays: terms.exportWindowDays, exportWindowEndsOn: terms.exportWindowDays > 0 ? lastExportDay : null, lastExportDay } });
  const ended = ctx.acc.subscriptions[sub.id] as Draft<EndedSubscription>;
  if (wasLive) {
    ctx.access('revoke', sub, 'ended', 'R-DATA-01');
    ctx.emit('AccessRevoked', { sub, rule: 'R-DATA-01', source: terms.sources['exportWindowDays'] ?? null, data: { seats: sub.seats, reason: 'ended' } });
  }
  ctx.email(sub.id, 'subscription.ended', sub, { endedOn: endsOn, reason, exportWindowEndsOn: terms.exportWindowDays > 0 ? ended.exportWindowEndsOn : null });
  return ended;
}

/**
 * R-EARLY-01: the periodic charges from the end up to the end of the minimum term (or, for an
 * indefinite contract, up to the earliest end by notice), invoiced at once.
 */
export function invoiceRemainingCharges(
  ctx: Ctx, sub: Draft<LiveSubscription>, terms: TermsProfile, endsOn: LocalDate, until: LocalDate, source: string, paymentTermDays = terms.paymentTermDays,
  /** The fee of the cancellation just accepted: credited if it is withdrawn (R-CREDIT-01). */
  cancellationFee = false,
): number {
  const from = maxDate(endsOn, billedUntil(sub));
  const fee = chargesBetween(sub, from, until);
  if (fee <= 0) return 0;
  issueInvoice(ctx, {
    subscriptionId: sub.id, category: 'principal', paymentTermDays, rule: 'R-EARLY-01', source, cancellationFee,
    lines: [line({ kind: 'early-termination', description: `Remaining charges ${from} – ${addDays(until, -1)}`, subscriptionId: sub.id, period: { start: from, end: until }, quantity: 1, unitCents: fee, amountCents: fee, rule: 'R-EARLY-01', vat: { bp: terms.vatBp, included: terms.pricesIncludeVat } })],
  });
  return fee;
}

/** R-DATA-03 / R-DATA-05: after the export window the hosted data and backups go, recorded by what, not content. */
export function requestDeletion(ctx: Ctx, sub: Draft<EndedSubscription>, terms: TermsProfile): void {
  ctx.push({ kind: 'data.delete', key: `data.delete:${sub.id}:hosted`, subscriptionId: sub.id, scope: 'hosted-data-and-backups' });
  ctx.push({ kind: 'data.delete', key: `data.delete:${sub.id}:personal`, subscriptionId: sub.id, scope: 'personal-data' });
  ctx.emit('DataDeletionRequested', {
    sub, rule: 'R-DATA-03', source: terms.sources['exportWindowDays'] ?? null,
    data: { what: ['hosted data', 'backups', 'personal data of the subscription (users, seats)'], kept: 'invoices and payment records until their retention date (R-LAW-04)', exportWindowEndedOn: sub.exportWindowEndsOn },
  });
}

export const isLive = (s: Subscription | Draft<Subscription>): s is Draft<LiveSubscription> => s.status === 'live';
