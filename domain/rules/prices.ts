/**
 * Prices: an announced change is recorded with its effective day and any right to leave
 * (R-PRICE-01, R-PRICE-02), and takes effect on that day (R-PRICE-03 splits the invoice billed in arrears).
 */
import { addDays, addMonths, maxDate } from '../calendar.js';
import { Ctx, liveSubs } from '../context.js';
import type { EventOf } from '../events.js';
import { percentOf } from '../money.js';
import type { RuleId } from '../types.js';
import { appliedIf, effectiveOn, type Emits, type Handlers, type Outcome, type TriggersOf, type TriggerKind } from './family.js';

export const emits = ['PriceChangeAnnounced', 'PriceChanged'] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = ['price'] as const satisfies readonly TriggerKind[];

export const handlers = {
  'terms.price_change_announced': priceChange,
} satisfies Handlers;

export function triggers(ctx: Ctx): TriggersOf<typeof triggerKinds> {
  const out: TriggersOf<typeof triggerKinds> = [];
  for (const sub of liveSubs(ctx.acc)) {
    const terms = ctx.termsOf(sub);
    for (const pc of sub.priceChanges) {
      if (!pc.applied) out.push({ on: pc.effectiveOn, kind: 'price', label: `price ${sub.id}`, run: (c) => {
        c.emit('PriceChanged', { sub, rule: pc.rule, source: terms.sources['priceChange'] ?? null, data: { fromCents: sub.plan.priceCents, toCents: pc.newPriceCents, changeBp: pc.changeBp, effectiveOn: pc.effectiveOn, announcedAt: pc.announcedAt } });
      } });
    }
  }
  return out;
}

function priceChange(ctx: Ctx, event: EventOf<'terms.price_change_announced'>): Outcome {
  const subs = liveSubs(ctx.acc).filter((s) => s.termsId === event.data.termsId);
  const announcedOn = ctx.today;
  let changed = false;
  for (const sub of subs) {
    const terms = ctx.termsOf(sub);
    const requested = effectiveOn(event.data.effectiveAt);
    // R-PRICE-01/03: an annual indexation takes effect on 1 January only; a date within the year waits for the next one.
    const asked = terms.priceChange.indexation === 'annualJanuary' && requested.slice(5) !== '01-01' ? `${Number(requested.slice(0, 4)) + 1}-01-01` : requested;
    if (sub.priceChanges.some((p) => p.announcedAt === ctx.at || (p.effectiveOn === asked && p.changeBp === Math.round(event.data.changePct * 100)))) continue;
    // R-PRICE-01: announced at least noticeDays ahead, else it takes effect that much later.
    const effective = maxDate(asked, addDays(announcedOn, terms.priceChange.noticeDays));
    let changeBp = Math.round(event.data.changePct * 100);
    let rule: RuleId = 'R-PRICE-01';
    if (terms.priceChange.indexation === 'halfYearlyWageIndex') {
      // R-PRICE-02: less any increase applied in the six months before.
      const since = addMonths(effective, -6);
      const already = sub.priceChanges.filter((p) => p.effectiveOn > since && p.effectiveOn <= effective && p.changeBp > 0).reduce((s, p) => s + p.changeBp, 0);
      changeBp = Math.max(0, changeBp - already);
      rule = 'R-PRICE-02';
    }
    const newPriceCents = sub.plan.priceCents + percentOf(sub.plan.priceCents, changeBp);
    const threshold = terms.priceChange.terminationThresholdBp;
    const right = threshold !== null && changeBp > threshold;
    const onDate = terms.priceChange.terminationRight === 'onEffectiveDate';
    const exit = !right ? null : {
      exercisableUntil: onDate ? addDays(effective, -1) : addMonths(effective, terms.priceChange.terminationNoticeMonths),
      endsOn: onDate ? effective : null, noticeMonths: onDate ? null : terms.priceChange.terminationNoticeMonths,
    };
    ctx.emit('PriceChangeAnnounced', { sub, rule, source: terms.sources['priceChange'] ?? null, data: { askedEffectiveOn: asked, effectiveOn: effective, changeBp, fromCents: sub.plan.priceCents, toCents: newPriceCents, terminationRight: right, thresholdBp: threshold, right: exit } });
    ctx.email(`${sub.id}:${effective}`, 'price_change.notice', sub, { effectiveOn: effective, fromCents: sub.plan.priceCents, toCents: newPriceCents, changeBp, terminationRight: right });
    changed = true;
  }
  return appliedIf(changed);
}
