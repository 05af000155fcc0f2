/**
 * Periodic invoicing (R-START-02, R-BILL-01, R-PAY-02, R-PRICE-03) and plan and seat changes
 * (R-BILL-02): each live subscription's next period is invoiced on its day, unless the contract
 * ends first; a change applies on its day, before that day's invoice. Invoices, allocation and
 * late interest as figures live in ../billing.ts, which every family uses.
 */
import { invoicePeriod, periodStart } from '../billing.js';
import { localDateOf, maxDate, toInstant, type LocalDate } from '../calendar.js';
import { chargeRestOfPeriod, samePlan } from '../changes.js';
import { Ctx, liveSubs, type Draft } from '../context.js';
import type { LiveSubscription, Offer } from '../types.js';
import { usageRefusal } from '../usage.js';
import { applied, effectiveOn, ignored, refused, subscription, type Emits, type Handlers, type Outcome, type TriggersOf, type TriggerKind } from './family.js';

export const emits = ['InvoiceIssued', 'SeatsChanged', 'PlanChanged', 'PlanChangeScheduled', 'UsageRecorded'] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = ['change', 'invoice'] as const satisfies readonly TriggerKind[];

export const handlers = {
  'subscription.seats_changed': (ctx, event) => change(ctx, event.data.subscriptionId, (s) => ({ plan: s.plan, seats: event.data.seats }), event.data.effectiveAt),
  'subscription.plan_changed': (ctx, event) => change(ctx, event.data.subscriptionId, (s) => ({ plan: event.data.plan, seats: event.data.seats ?? s.seats }), event.data.effectiveAt),
  // R-BILL-03: usage adds to its month's aggregate; a duplicate delivery never reaches here (the pipeline's marker).
  'usage.recorded': (ctx, event) => {
    const { subscriptionId, metric, quantity } = event.data;
    const sub = subscription(ctx, subscriptionId);
    const period = event.data.period ?? localDateOf(toInstant(event.occurredAt)).slice(0, 7);
    if (sub.status === 'ended') return refused({ rule: 'R-BILL-03', reason: `${sub.id} ended on ${sub.endedOn}; usage after the contract ended is not invoiced` });
    if (sub.status === 'pending') return refused({ rule: 'R-BILL-03', reason: `${sub.id} has not started; usage is recorded from its activation` });
    const terms = ctx.termsOf(sub);
    const why = usageRefusal(ctx, sub, terms, metric, period);
    if (why) return refused({ rule: 'R-BILL-03', reason: why });
    const total = (sub.usage?.find((u) => u.period === period && u.metric === metric)?.quantity ?? 0) + quantity;
    ctx.emit('UsageRecorded', { sub, rule: 'R-BILL-03', source: terms.sources['allowances'] ?? null, data: { metric, period, quantity, total } });
    return applied;
  },
} satisfies Handlers;

export function triggers(ctx: Ctx): TriggersOf<typeof triggerKinds> {
  const out: TriggersOf<typeof triggerKinds> = [];
  for (const sub of liveSubs(ctx.acc)) {
    const endsOn = sub.cancellation?.endsOn ?? null;
    for (const c of sub.changes) {
      if (c.from === null && !(endsOn && endsOn <= c.effectiveOn)) {
        out.push({ on: c.effectiveOn, kind: 'change', label: `change ${sub.id} ${c.effectiveOn}`, run: (x) => applyChange(x, sub, c.to, c.effectiveOn) });
      }
    }
    if (!(endsOn && endsOn <= sub.nextInvoiceOn)) {
      out.push({ on: sub.nextInvoiceOn, kind: 'invoice', label: `invoice ${sub.id}`, run: (c) => invoiceNext(c, sub) });
    }
  }
  return out;
}

function invoiceNext(ctx: Ctx, sub: Draft<LiveSubscription>): void {
  const terms = ctx.termsOf(sub);
  const periodIndex = sub.periodIndex + 1;
  // In advance a period is invoiced on its first day, in arrears on the day after it (R-START-02).
  const billed = { periodIndex, nextInvoiceOn: periodStart(sub, terms.billingTiming === 'inAdvance' ? periodIndex : periodIndex + 1) };
  invoicePeriod(ctx, sub, terms, sub.periodIndex, terms.billingTiming === 'inAdvance' ? sub.cancellation?.endsOn ?? null : null, billed);
}

/** R-BILL-02: a plan or seat change from `effectiveAt` (default the day it happened). */
function change(ctx: Ctx, id: string, offer: (s: Offer) => Offer, effectiveAt: string | undefined): Outcome {
  const sub = subscription(ctx, id);
  if (sub.status === 'ended') return ignored;
  const to = offer(sub);
  if (samePlan(to.plan, sub.plan) && to.seats === sub.seats) return ignored;
  if (to.plan.period !== sub.plan.period) {
    return refused({ rule: 'R-BILL-02', reason: `a ${to.plan.period}ly plan cannot replace the ${sub.plan.period}ly plan of ${sub.id} within its periods; end it and start a new subscription` });
  }
  if (sub.status === 'pending') {
    emitChange(ctx, sub, { plan: sub.plan, seats: sub.seats }, to, ctx.today, false, 'the first invoiced period');
    return applied;
  }
  const terms = ctx.termsOf(sub);
  const on = maxDate(effectiveAt ? effectiveOn(effectiveAt) : ctx.today, sub.activatedOn);
  if (sub.cancellation && on >= sub.cancellation.endsOn) {
    return refused({ rule: 'R-BILL-02', reason: `${sub.id} ends on ${sub.cancellation.endsOn}, before the change would take effect on ${on}` });
  }
  if (on > ctx.today) {
    ctx.emit('PlanChangeScheduled', { sub, rule: 'R-BILL-02', source: terms.sources['prorateChanges'] ?? null, data: { to: structuredClone(to), effectiveOn: on, prorated: terms.prorateChanges } });
    return applied;
  }
  applyChange(ctx, sub, to, on);
  return applied;
}

/** Applies a change on its day: the new plan and seats, and the rest of the period when the profile prorates (R-BILL-02). */
function applyChange(ctx: Ctx, sub: Draft<LiveSubscription>, to: Offer, on: LocalDate): void {
  const terms = ctx.termsOf(sub);
  const from: Offer = { plan: { ...sub.plan }, seats: sub.seats };
  const prorated = terms.prorateChanges;
  emitChange(ctx, sub, from, to, on, prorated, prorated ? `${on}, the rest of the period pro rata` : 'the next invoiced period');
  if (prorated && terms.billingTiming === 'inAdvance') chargeRestOfPeriod(ctx, sub, terms, from, to, on);
}

function emitChange(ctx: Ctx, sub: { id: string; termsId: string; termsVersion: number }, from: Offer, to: Offer, on: LocalDate, prorated: boolean, appliesFrom: string): void {
  const source = ctx.termsOf(sub).sources['prorateChanges'] ?? null;
  if (samePlan(from.plan, to.plan)) {
    ctx.emit('SeatsChanged', { sub, rule: prorated ? 'R-BILL-02' : 'R-START-02', source, data: { from: from.seats, to: to.seats, appliesFrom, effectiveOn: on, prorated } });
  } else {
    ctx.emit('PlanChanged', { sub, rule: 'R-BILL-02', source, data: { from: structuredClone(from), to: structuredClone(to), effectiveOn: on, prorated, appliesFrom } });
  }
}
