/**
 * Periodic invoicing (R-START-02, R-PAY-02, R-PRICE-03): each live subscription's next period is
 * invoiced on its day, unless the contract ends first. Invoices, allocation and late interest as
 * figures live in ../billing.ts, which every family uses.
 */
import { invoicePeriod, periodStart } from '../billing.js';
import { Ctx, liveSubs, type Draft } from '../context.js';
import type { LiveSubscription } from '../types.js';
import type { Emits, Handlers, TriggersOf, TriggerKind } from './family.js';

export const emits = ['InvoiceIssued'] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = ['invoice'] as const satisfies readonly TriggerKind[];

export const handlers = {} satisfies Handlers;

export function triggers(ctx: Ctx): TriggersOf<typeof triggerKinds> {
  const out: TriggersOf<typeof triggerKinds> = [];
  for (const sub of liveSubs(ctx.acc)) {
    const endsOn = sub.cancellation?.endsOn ?? null;
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
