/**
 * Time-driven rules. Every rule that fires by the calendar is a trigger with a local day; the
 * account's next due instant is the earliest of them (the sweep's due index), and `advance`
 * fires them in order up to an instant, each at its own instant, so a jump of months on the
 * clock decides exactly what stepping day by day would (R-TIME-04).
 */
import { addDays, startOfDay, type Instant, type LocalDate } from './calendar.js';
import { invoicePeriod, periodStart } from './billing.js';
import { noticeDeadline } from './cancellation.js';
import {
  applyDissolutions, applySuspensions, dissolutionThreshold, dunningSteps, firstThreshold, hasSuspension, suspensionThreshold, takeDunningStep, termsForInvoice,
} from './collections.js';
import { Ctx, DomainError, liveSubs, type Draft } from './context.js';
import { endSubscription, renew, requestDeletion } from './lifecycle.js';
import { settle } from './settle.js';
import { carryOutErasure } from './data.js';
import type { EndedSubscription, Invoice, LiveSubscription } from './types.js';

export { settle };

/**
 * The order of the time rules that fall on the same day: a contract ends before it would renew,
 * the notice deadline and price changes come before the invoice that uses them, the invoice
 * before the dunning that may count it, and suspension, dissolution, deletion and erasure last.
 */
export const TRIGGER_ORDER = ['end', 'renew', 'noticeDeadline', 'price', 'invoice', 'dunning', 'suspend', 'dissolve', 'delete', 'erasure'] as const;
export type TriggerKind = (typeof TRIGGER_ORDER)[number];
const rank = (k: TriggerKind): number => TRIGGER_ORDER.indexOf(k);

interface Trigger {
  readonly on: LocalDate;
  readonly kind: TriggerKind;
  readonly label: string;
  readonly run: (ctx: Ctx) => void;
}

function triggers(ctx: Ctx): Trigger[] {
  const acc = ctx.acc;
  const out: Trigger[] = [];
  const consumer = acc.customer.kind === 'consumer';
  const suspendCustomerWide = new Map<string, LocalDate | null>();
  const dissolveCustomerWide = new Map<string, LocalDate | null>();
  for (const sub of liveSubs(acc)) {
    const terms = ctx.termsOf(sub);
    const endsOn = sub.cancellation?.endsOn ?? null;
    if (endsOn) out.push({ on: endsOn, kind: 'end', label: `end ${sub.id}`, run: (c) => endByCancellation(c, sub) });
    if (sub.term.end && !(endsOn && endsOn <= sub.term.end)) out.push({ on: sub.term.end, kind: 'renew', label: `renew ${sub.id}`, run: (c) => renew(c, sub, terms) });
    const deadline = noticeDeadline(sub, terms);
    if (deadline && sub.noticeDeadlineAnnouncedFor !== sub.term.end) {
      out.push({ on: deadline, kind: 'noticeDeadline', label: `notice deadline ${sub.id}`, run: (c) => {
        c.emit('NoticeDeadline', { sub, rule: 'R-NOTICE-02', source: terms.sources['endAlignment'] ?? null, data: { lastDayForNotice: deadline, termEnd: sub.term.end, noticeMonths: terms.noticePeriodMonths, renewsOtherwise: consumer ? 'continues indefinitely (R-RENEW-03)' : 'renews (R-RENEW-01)' } });
        c.email(`${sub.id}:${deadline}`, 'notice_deadline.reminder', sub, { lastDayForNotice: deadline, termEnd: sub.term.end, rule: 'R-NOTICE-02' });
      } });
    }
    for (const pc of sub.priceChanges) {
      if (!pc.applied) out.push({ on: pc.effectiveOn, kind: 'price', label: `price ${sub.id}`, run: (c) => {
        c.emit('PriceChanged', { sub, rule: pc.rule, source: terms.sources['priceChange'] ?? null, data: { fromCents: sub.plan.priceCents, toCents: pc.newPriceCents, changeBp: pc.changeBp, effectiveOn: pc.effectiveOn, announcedAt: pc.announcedAt } });
      } });
    }
    if (!(endsOn && endsOn <= sub.nextInvoiceOn)) {
      out.push({ on: sub.nextInvoiceOn, kind: 'invoice', label: `invoice ${sub.id}`, run: (c) => invoiceNext(c, sub) });
    }
    if (!hasSuspension(sub, 'arrears')) {
      const first = firstThreshold(ctx, sub, terms, suspensionThreshold, suspendCustomerWide);
      if (first) out.push({ on: first, kind: 'suspend', label: `suspend ${sub.id}`, run: applySuspensions });
    }
    if (!sub.dissolutionProposed) {
      const first = firstThreshold(ctx, sub, terms, dissolutionThreshold, dissolveCustomerWide);
      if (first) out.push({ on: first, kind: 'dissolve', label: `dissolve ${sub.id}`, run: applyDissolutions });
    }
  }
  for (const inv of Object.values(acc.invoices)) {
    const terms = termsForInvoice(ctx, inv);
    if (!terms) continue;
    for (const s of dunningSteps(inv, terms, consumer)) {
      out.push({ on: s.on, kind: 'dunning', label: `${s.step} ${inv.id}`, run: (c) => takeDunningStep(c, inv as Draft<Invoice>, s.step, terms) });
    }
  }
  const ended = Object.values(acc.subscriptions).filter((s): s is Draft<EndedSubscription> => s.status === 'ended');
  for (const sub of ended) {
    if (sub.dataDeletion === null && !acc.customer.legalHold) {
      const terms = ctx.termsOf(sub);
      out.push({ on: addDays(sub.endedOn, terms.exportWindowDays), kind: 'delete', label: `delete ${sub.id}`, run: (c) => requestDeletion(c, sub, terms) });
    }
  }
  if (acc.customer.erasure?.status === 'scheduled' && liveSubs(acc).length === 0 && !acc.customer.legalHold) {
    const last = ended.map((s) => s.endedOn).sort().at(-1) ?? acc.customer.erasure.requestedAt.slice(0, 10);
    out.push({ on: last, kind: 'erasure', label: 'erasure', run: (c) => carryOutErasure(c, 'scheduled') });
  }
  return out;
}

function endByCancellation(ctx: Ctx, sub: Draft<LiveSubscription>): void {
  const c = sub.cancellation!;
  const reason = c.basis === 'priceChange' ? 'price-change' : c.basis === 'termsChange' ? 'terms-change' : c.basis === 'unreachable' ? 'unreachable' : 'cancelled';
  endSubscription(ctx, sub, ctx.termsOf(sub), c.endsOn, reason, c.rule);
}

function invoiceNext(ctx: Ctx, sub: Draft<LiveSubscription>): void {
  const terms = ctx.termsOf(sub);
  const periodIndex = sub.periodIndex + 1;
  // In advance a period is invoiced on its first day, in arrears on the day after it (R-START-02).
  const billed = { periodIndex, nextInvoiceOn: periodStart(sub, terms.billingTiming === 'inAdvance' ? periodIndex : periodIndex + 1) };
  invoicePeriod(ctx, sub, terms, sub.periodIndex, terms.billingTiming === 'inAdvance' ? sub.cancellation?.endsOn ?? null : null, billed);
}

function earliest(ts: Trigger[]): Trigger | undefined {
  return ts.reduce<Trigger | undefined>((best, t) => (!best || t.on < best.on || (t.on === best.on && rank(t.kind) < rank(best.kind)) ? t : best), undefined);
}

/** The next instant at which a time rule may fire for this account, or null. */
export function nextDue(ctx: Ctx): Instant | null {
  const t = earliest(triggers(ctx));
  return t ? startOfDay(t.on) : null;
}

/** Fires every trigger due up to `until`, in order, each at its own instant. */
export function advance(ctx: Ctx, until: Instant): void {
  for (let i = 0; ; i++) {
    if (i > 20_000) throw new DomainError('clock.runaway', `more than 20000 time rules fired for ${ctx.acc.customer.id} before ${until}`);
    const t = earliest(triggers(ctx));
    if (!t) break;
    const at = startOfDay(t.on);
    if (at > until) break;
    ctx.at = at > ctx.acc.clock ? at : ctx.acc.clock;
    t.run(ctx);
    settle(ctx, null);
    ctx.acc.clock = ctx.at;
  }
  if (until > ctx.acc.clock) ctx.acc.clock = until;
  ctx.at = ctx.acc.clock;
}
