/**
 * The facts derived after any change, by every family alike: allocation (R-PAY-03), the start on
 * the first payment (R-START-01) and reactivation when nothing is owed (R-REACT-01/02).
 */
import type { Instant } from './calendar.js';
import { allocate } from './billing.js';
import { applyReactivations } from './collections.js';
import type { Ctx, Draft } from './context.js';
import { activate } from './lifecycle.js';
import type { PendingSubscription } from './types.js';

/** Derived facts after any change: allocation (R-PAY-03), start on first payment (R-START-01), reactivation. */
export function settle(ctx: Ctx, paidAt: Instant | null, cause: 'dispute' | null = null): void {
  allocate(ctx);
  for (const sub of Object.values(ctx.acc.subscriptions)) {
    if (sub.status !== 'pending' || sub.firstInvoiceId === null) continue;
    const inv = ctx.acc.invoices[sub.firstInvoiceId];
    if (inv && inv.paidCents >= inv.totalCents) activate(ctx, sub as Draft<PendingSubscription>, ctx.termsOf(sub), `invoice ${inv.id} paid`);
  }
  applyReactivations(ctx, paidAt, cause);
}
