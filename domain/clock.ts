/**
 * Time-driven rules. Every rule that fires by the calendar is a trigger with a local day, raised by
 * its rule family (rules/); the account's next due instant is the earliest of them (the sweep's due
 * index), and `advance` fires them in order up to an instant, each at its own instant, so a jump
 * of months on the clock decides exactly what stepping day by day would (R-TIME-04).
 */
import { startOfDay, type Instant } from './calendar.js';
import { Ctx, DomainError } from './context.js';
import { FAMILIES, TRIGGER_ORDER, type Trigger, type TriggerKind } from './rules/index.js';
import { settle } from './settle.js';

export { TRIGGER_ORDER, type TriggerKind };
export { settle };
const rank = (k: TriggerKind): number => TRIGGER_ORDER.indexOf(k);

/** Every family's time triggers, the families taken in TRIGGER_ORDER. */
function triggers(ctx: Ctx): Trigger[] {
  return Object.values(FAMILIES).flatMap((family): Trigger[] => family.triggers(ctx));
}

/**
 * The first trigger by day, then TRIGGER_ORDER, then label: subscriptions invoiced on the same day
 * get their numbers in id order, not in the order they happened to be created (delivery order).
 */
function earliest(ts: Trigger[]): Trigger | undefined {
  const before = (t: Trigger, best: Trigger) => t.on < best.on || (t.on === best.on && (rank(t.kind) < rank(best.kind) || (t.kind === best.kind && t.label < best.label)));
  return ts.reduce<Trigger | undefined>((best, t) => (!best || before(t, best) ? t : best), undefined);
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
