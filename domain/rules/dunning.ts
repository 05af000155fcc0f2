/**
 * Dunning: the terms profile's ladder of reminder, formal notice and default (R-DUN-01, R-DUN-04),
 * the consumer's 14-day letter (R-LAW-01) and collection costs (R-DUN-03), each a time trigger per
 * unpaid invoice. The ladder and the steps themselves live in ../collections.ts.
 */
import { dunningSteps, takeDunningStep, termsForInvoice } from '../collections.js';
import type { Ctx, Draft } from '../context.js';
import type { Invoice } from '../types.js';
import type { Emits, Handlers, TriggersOf, TriggerKind } from './family.js';

export const emits = ['ReminderSent', 'FormalNoticeSent', 'CustomerInDefault', 'FourteenDayLetterSent', 'CollectionCostsCharged', 'InvoiceIssued'] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = ['dunning'] as const satisfies readonly TriggerKind[];

export const handlers = {} satisfies Handlers;

export function triggers(ctx: Ctx): TriggersOf<typeof triggerKinds> {
  const out: TriggersOf<typeof triggerKinds> = [];
  const consumer = ctx.acc.customer.kind === 'consumer';
  for (const inv of Object.values(ctx.acc.invoices)) {
    const terms = termsForInvoice(ctx, inv);
    if (!terms) continue;
    for (const s of dunningSteps(inv, terms, consumer)) {
      out.push({ on: s.on, kind: 'dunning', label: `${s.step} ${inv.id}`, run: (c) => takeDunningStep(c, inv as Draft<Invoice>, s.step, terms) });
    }
  }
  return out;
}
