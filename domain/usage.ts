/**
 * Usage above the allowance (R-BILL-03; 004 art. 22.1, 29.1): `usage.recorded` adds whole units of
 * a metric to the subscription's aggregate of that calendar month; the next periodic invoice after
 * the month is over carries one line per metric and month for the units above the profile's
 * allowance, at its unit price. Late usage for a month already invoiced goes on the next invoice,
 * for the overage it adds. Aggregates are one per month and metric, never a list of records, and
 * are dropped once invoiced and older than USAGE_LATE_MONTHS, so an account does not grow with history.
 */
import { addMonths, type LocalDate } from './calendar.js';
import { Ctx, issueInvoice, line, type Draft } from './context.js';
import type { TermsProfile } from './terms.js';
import type { InvoiceLine, Language, LiveSubscription, UsageBilled } from './types.js';

/** Usage for a month that ended more than this many months ago is refused (R-BILL-03); its aggregate is then dropped. */
export const USAGE_LATE_MONTHS = 3;

/** The first day of a calendar month `YYYY-MM`, and of the month after it. */
export const monthStart = (period: string): LocalDate => `${period}-01`;
export const monthEnd = (period: string): LocalDate => addMonths(monthStart(period), 1);

/** Units above the allowance. */
export const over = (quantity: number, included: number): number => Math.max(0, quantity - included);


const MONTHS = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
} as const;
const monthName = (period: string, language: Language): string => `${MONTHS[language][Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;

/**
 * The overage lines of every month that is over by `closedBy` (exclusive: months ending on or
 * before it), one per metric and month, for the units not yet invoiced: over(total) − over(invoiced
 * before), at the unit price, VAT as the profile's other prices (R-MONEY-01 rounding in the split).
 */
export function overageLines(ctx: Ctx, sub: Draft<LiveSubscription>, terms: TermsProfile, closedBy: LocalDate): { lines: Draft<InvoiceLine>[]; usage: UsageBilled } {
  const lines: Draft<InvoiceLine>[] = [];
  const billed: { period: string; metric: string; quantity: number }[] = [];
  const language = ctx.acc.customer.language;
  const aggregates = [...(sub.usage ?? [])].sort((a, b) => (a.period !== b.period ? (a.period < b.period ? -1 : 1) : a.metric < b.metric ? -1 : 1));
  for (const a of aggregates) {
    if (monthEnd(a.period) > closedBy || a.quantity === a.billedQuantity) continue;
    billed.push({ period: a.period, metric: a.metric, quantity: a.quantity });
    const allowance = terms.allowances[a.metric];
    if (!allowance) continue;
    const units = over(a.quantity, allowance.includedPerMonth) - over(a.billedQuantity, allowance.includedPerMonth);
    if (units <= 0) continue;
    const late = a.billedQuantity > 0;
    const month = monthName(a.period, language);
    const description = language === 'nl'
      ? `${late ? 'Nagekomen verbruik' : 'Verbruik boven de bundel'} ${a.metric}, ${month}: ${units} ${allowance.unit} boven ${allowance.includedPerMonth} ${allowance.unit} inbegrepen`
      : `${late ? 'Late usage' : 'Usage above the allowance'} ${a.metric}, ${month}: ${units} ${allowance.unit} above ${allowance.includedPerMonth} ${allowance.unit} included`;
    lines.push(line({
      kind: 'usage', description, subscriptionId: sub.id, period: { start: monthStart(a.period), end: monthEnd(a.period) },
      quantity: units, unitCents: allowance.unitCents, amountCents: units * allowance.unitCents, rule: 'R-BILL-03',
      vat: { bp: terms.vatBp, included: terms.pricesIncludeVat },
    }));
  }
  // Invoiced aggregates older than the late-usage window go: no later usage can reach them.
  const horizon = addMonths(ctx.today.slice(0, 7) + '-01', -USAGE_LATE_MONTHS);
  const dropped = aggregates
    .filter((a) => monthEnd(a.period) <= horizon && (a.quantity === a.billedQuantity || billed.some((b) => b.period === a.period && b.metric === a.metric)))
    .map((a) => ({ period: a.period, metric: a.metric }));
  return { lines, usage: { billed, dropped } };
}

/** A usage-only invoice at the end of a contract billed in advance: the months not yet invoiced (R-BILL-03). */
export function invoiceFinalUsage(ctx: Ctx, sub: Draft<LiveSubscription>, terms: TermsProfile): void {
  const { lines, usage } = overageLines(ctx, sub, terms, '9999-12-31');
  if (lines.length === 0) return;
  issueInvoice(ctx, { subscriptionId: sub.id, lines, paymentTermDays: terms.paymentTermDays, category: 'principal', rule: 'R-BILL-03', source: terms.sources['allowances'] ?? terms.seed, usage });
}

/** Why usage of `metric` in `period` cannot be recorded on `sub`, or null (R-BILL-03). */
export function usageRefusal(ctx: Ctx, sub: Draft<LiveSubscription>, terms: TermsProfile, metric: string, period: string): string | null {
  if (!terms.allowances[metric]) {
    const known = Object.keys(terms.allowances);
    return `metric "${metric}" has no allowance in terms ${terms.id}@${terms.version}${known.length ? ` (metrics: ${known.join(', ')})` : ' (the terms meter no usage)'}`;
  }
  if (monthStart(period) > ctx.today) return `usage for ${period} cannot be recorded before that month has begun`;
  if (monthEnd(period) <= sub.activatedOn) return `${sub.id} started on ${sub.activatedOn}, after ${period}`;
  if (sub.cancellation && monthStart(period) >= sub.cancellation.endsOn) return `${sub.id} ends on ${sub.cancellation.endsOn}, before ${period}`;
  if (monthEnd(period) <= addMonths(ctx.today.slice(0, 7) + '-01', -USAGE_LATE_MONTHS)) {
    return `usage for ${period} is more than ${USAGE_LATE_MONTHS} months late and is no longer invoiced`;
  }
  return null;
}
