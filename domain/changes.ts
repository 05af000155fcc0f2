/**
 * Plan and seat changes (R-BILL-02): what a subscription charged on a given day, and the pro-rata
 * charge or credit for the rest of a period already billed in advance when the profile prorates
 * changes (`prorateChanges`). Without it a change applies from the next period billed.
 */
import { addDays, daysBetween, maxDate, minDate, type LocalDate } from './calendar.js';
import { billedUntil, chargeLines, proRata, servicePeriod, type Charge } from './billing.js';
export { offerOn, cutsWithin } from './billing.js';
import { Ctx, issueCreditNote, issueInvoice, type Draft } from './context.js';
import type { TermsProfile } from './terms.js';
import type { Invoice, LiveSubscription, Offer, Plan } from './types.js';

export const samePlan = (a: Plan, b: Plan): boolean => a.name === b.name && a.priceCents === b.priceCents && a.period === b.period;

/**
 * R-BILL-02 in advance: the days from `on` up to what is already billed were charged at `from`;
 * they are charged again at `to` and credited at `from`, pro rata by days of each period, half-up
 * once per line. A seat change is one line for the difference; a plan change two (the old plan
 * credited, the new one charged). More to pay: an invoice now. Less: a credit note on the invoice
 * that billed those days (R-CREDIT-01), allocated like a payment (R-CREDIT-02).
 */
export function chargeRestOfPeriod(ctx: Ctx, sub: Draft<LiveSubscription>, terms: TermsProfile, from: Offer, to: Offer, on: LocalDate): void {
  const billedTo = billedUntil(sub);
  if (on >= billedTo) return;
  const charges: Charge[] = [];
  for (let k = sub.periodIndex - 1; k >= 0; k--) {
    const p = servicePeriod(sub, k);
    if (p.end <= on) break;
    const a = maxDate(on, p.start);
    const b = minDate(p.end, billedTo, sub.cancellation?.endsOn ?? p.end);
    if (a >= b) continue;
    const days = daysBetween(a, b);
    const period = { start: a, end: b };
    const span = `${a} – ${addDays(b, -1)}`;
    const amount = (price: number, seats: number) => Math.sign(seats) * proRata(price * Math.abs(seats), days, p.nominalDays);
    if (samePlan(from.plan, to.plan)) {
      const diff = to.seats - from.seats;
      charges.unshift({ description: `${to.plan.name}, ${from.seats} → ${to.seats} seats, ${span} (${days}/${p.nominalDays} of the period)`, period, quantity: diff, unitCents: to.plan.priceCents, amountCents: amount(to.plan.priceCents, diff), rule: 'R-BILL-02' });
    } else {
      charges.unshift(
        { description: `${from.plan.name}, ${from.seats} × ${span} credited (${days}/${p.nominalDays} of the period)`, period, quantity: -from.seats, unitCents: from.plan.priceCents, amountCents: amount(from.plan.priceCents, -from.seats), rule: 'R-BILL-02' },
        { description: `${to.plan.name}, ${to.seats} × ${span} (${days}/${p.nominalDays} of the period)`, period, quantity: to.seats, unitCents: to.plan.priceCents, amountCents: amount(to.plan.priceCents, to.seats), rule: 'R-BILL-02' },
      );
    }
  }
  const lines = chargeLines(ctx.acc.customer, terms, sub.id, { start: on, end: billedTo }, charges).map((l) => (l.kind === 'subscription' ? { ...l, kind: 'plan-change' as const } : l));
  const total = lines.reduce((t, l) => t + l.grossCents, 0);
  const source = terms.sources['prorateChanges'] ?? terms.seed;
  if (total === 0) return;
  // Less to pay: a credit note on the invoice that billed the day the change took effect (R-CREDIT-01).
  const billedOn = total < 0 ? periodInvoiceOf(ctx, sub.id, on) : undefined;
  if (billedOn) {
    const reason = ctx.acc.customer.language === 'nl'
      ? 'uw abonnement is verkleind; het deel van de periode dat al was gefactureerd, wordt naar rato gecrediteerd'
      : 'your subscription was reduced; the part of the period already invoiced is credited pro rata';
    // Its own lines (the days and seats credited) when they all credit, so a later end credits the rest exactly (R-CREDIT-03).
    const own = lines.every((l) => l.grossCents <= 0) ? { lines } : { amountCents: -total };
    issueCreditNote(ctx, { invoiceId: billedOn.id, ...own, reason, rule: 'R-BILL-02', source });
    return;
  }
  issueInvoice(ctx, { subscriptionId: sub.id, lines, paymentTermDays: terms.paymentTermDays, category: 'principal', rule: 'R-BILL-02', source });
}

/** The periodic invoice whose subscription line covers `day`, the latest first. */
function periodInvoiceOf(ctx: Ctx, subscriptionId: string, day: LocalDate): Draft<Invoice> | undefined {
  return Object.values(ctx.acc.invoices)
    .filter((i) => i.kind === 'invoice' && i.subscriptionId === subscriptionId && i.lines.some((l) => l.kind === 'subscription' && l.period !== null && l.period.start <= day && day < l.period.end))
    .sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : a.id < b.id ? -1 : 1))
    .at(-1);
}
