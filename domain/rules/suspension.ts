/**
 * Suspension and reactivation: for arrears (R-SUSP-01..03), abuse (R-SUSP-05), a suspended reseller
 * (R-SUSP-04, R-REACT-03), and lifting it when paid or by arrangement (R-REACT-01, R-REACT-02).
 * Reactivation on payment is a derived fact (`settle` in clock.ts).
 */
import { applyReactivations, applySuspensions, firstThreshold, hasSuspension, lift, suspend, suspensionThreshold } from '../collections.js';
import type { LocalDate } from '../calendar.js';
import { liveSubs, type Ctx } from '../context.js';
import { applied, appliedIf, ignored, live, type Emits, type Handlers, type TriggersOf, type TriggerKind } from './family.js';

export const emits = [
  'SubscriptionSuspended', 'SuspensionLifted', 'AccessRevoked', 'AccessRestored', 'ResellerSuspensionCascaded', 'ResellerAccountLinked', 'ArrangementRecorded', 'InvoiceIssued',
] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = ['suspend'] as const satisfies readonly TriggerKind[];

export const handlers = {
  'abuse.reported': (ctx, event) => {
    const sub = live(ctx, event.data.subscriptionId);
    if (!sub || hasSuspension(sub, 'abuse')) return ignored;
    const terms = ctx.termsOf(sub);
    suspend(ctx, sub, 'abuse', 'R-SUSP-05', terms.sources['suspendWhen'] ?? null, event.data.reason, { report: event.data.reason });
    return applied;
  },
  'abuse.cleared': (ctx, event) => {
    const sub = live(ctx, event.data.subscriptionId);
    if (!sub || !lift(ctx, sub, 'abuse', 'R-SUSP-05', { clearance: event.data.reason })) return ignored;
    return applied;
  },
  'customer.reseller_account_linked': (ctx, event) => {
    if (ctx.acc.customer.billingAccountOfReseller === event.data.resellerId) return ignored;
    ctx.emit('ResellerAccountLinked', { rule: 'R-SUSP-04', data: { resellerId: event.data.resellerId } });
    return applied;
  },
  'customer.reseller_suspended': (ctx, event) => {
    let changed = false;
    for (const sub of liveSubs(ctx.acc)) {
      if (hasSuspension(sub, 'reseller-suspended')) continue;
      suspend(ctx, sub, 'reseller-suspended', 'R-SUSP-04', null, `reseller ${event.data.resellerId} is suspended`, { resellerId: event.data.resellerId });
      changed = true;
    }
    return appliedIf(changed);
  },
  'customer.reseller_restored': (ctx, event) => {
    let changed = false;
    for (const sub of liveSubs(ctx.acc)) changed = lift(ctx, sub, 'reseller-suspended', 'R-REACT-03', { resellerId: event.data.resellerId }) !== null || changed;
    return appliedIf(changed);
  },
  'customer.arrangement_recorded': (ctx, event) => {
    if (ctx.acc.customer.arrangement) return ignored;
    ctx.emit('ArrangementRecorded', { rule: 'R-REACT-01', data: { note: event.data.note } });
    applyReactivations(ctx, null);
    return applied;
  },
} satisfies Handlers;

/** R-SUSP-01/03: a subscription not yet suspended for arrears is due on the first threshold an invoice in its scope reaches. */
export function triggers(ctx: Ctx): TriggersOf<typeof triggerKinds> {
  const out: TriggersOf<typeof triggerKinds> = [];
  const customerWide = new Map<string, LocalDate | null>();
  for (const sub of liveSubs(ctx.acc)) {
    if (hasSuspension(sub, 'arrears')) continue;
    const first = firstThreshold(ctx, sub, ctx.termsOf(sub), suspensionThreshold, customerWide);
    if (first) out.push({ on: first, kind: 'suspend', label: `suspend ${sub.id}`, run: applySuspensions });
  }
  return out;
}
