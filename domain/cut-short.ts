/**
 * R-CREDIT-03: a period billed in advance that the subscription does not live to the end of. The
 * days from the end up to the end of what was invoiced were paid for and will not be served, so they
 * are credited pro rata by days (R-MONEY-01: half-up once per line) by a credit note on the invoice
 * that billed them (R-CREDIT-01), allocated like a payment (R-CREDIT-02). Not the days the contract
 * still claims as remaining charges (R-EARLY-01: a dissolution for the customer's default, an early
 * end within the minimum term): those stay billed, and only the days after them are credited.
 */
import { addDays, daysBetween, maxDate, type LocalDate } from './calendar.js';
import { proRata, servicePeriod } from './billing.js';
import { Ctx, issueCreditNote, type Draft } from './context.js';
import { vatSplit } from './money.js';
import type { TermsProfile } from './terms.js';
import type { Invoice, InvoiceLine, InvoiceLineKind, Language, LiveSubscription, VatCategory } from './types.js';

/** Where the rule comes from: undoing what was not performed, and what the seeds keep due. */
export const CUT_SHORT_SOURCE = '6:271 BW; 003 art. 13.6, 14.3 and 004 art. 8.1 (only what was performed stays due); remaining charges: 001 ¶arrears, 004 art. 8.3';

/** The lines that bill days of service: the periodic charge, a change's pro-rata part, the surcharge on them. */
const DAY_LINES: ReadonlySet<InvoiceLineKind> = new Set(['subscription', 'plan-change', 'surcharge']);

type Period = { start: LocalDate; end: LocalDate };

/**
 * The days a line bills, when it bills days of service. The invoice of the first payment
 * (activation `onFirstPayment`) is issued before the service starts, without a period: its
 * subscription line bills the first period, from the day of activation.
 */
function daysBilled(l: InvoiceLine, sub: Pick<LiveSubscription, 'periodAnchor' | 'plan' | 'activatedOn'>): Period | null {
  if (!DAY_LINES.has(l.kind)) return null;
  if (l.period) return l.period;
  if (l.kind !== 'subscription') return null;
  const { start, end } = servicePeriod(sub, 0);
  return { start, end };
}

/** Documents that bill days of service after `day`: kept in the working set while they may be credited (archive.ts). */
export const billsServiceAfter = (inv: Pick<Invoice, 'lines'>, sub: Pick<LiveSubscription, 'periodAnchor' | 'plan' | 'activatedOn'>, day: LocalDate): boolean =>
  inv.lines.some((l) => (daysBilled(l, sub)?.end ?? day) > day);

const MONTHS: Readonly<Record<Language, readonly string[]>> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
/** "3 maart 2027" / "3 March 2027". */
const longDate = (d: LocalDate, language: Language): string => `${Number(d.slice(8, 10))} ${MONTHS[language][Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;

interface Share {
  vatCategory: VatCategory;
  vatRateBp: number;
  /** Net, or gross when the profile's prices include VAT (what the lines were computed from). */
  cents: number;
  end: LocalDate;
}

/**
 * R-CREDIT-03 for `sub` ending on `endsOn` (exclusive); `claimedUntil`: the day remaining charges
 * (R-EARLY-01) run up to, when the ending claims them. Call it before the subscription ends.
 */
export function creditUnusedDays(ctx: Ctx, sub: Draft<LiveSubscription>, terms: TermsProfile, endsOn: LocalDate, claimedUntil: LocalDate | null): void {
  if (terms.billingTiming !== 'inAdvance') return;
  const from = claimedUntil ? maxDate(endsOn, claimedUntil) : endsOn;
  const included = terms.pricesIncludeVat;
  // What each invoice billed for the days from `from`, per VAT rate: its own lines less the same days
  // on the credit notes that corrected it (a prorated decrease, R-BILL-02), each share half-up once.
  const billed = new Map<string, { inv: Draft<Invoice>; shares: Map<string, Share> }>();
  for (const doc of Object.values(ctx.acc.invoices)) {
    if (doc.subscriptionId !== sub.id) continue;
    const invoiceId = doc.kind === 'invoice' ? doc.id : doc.correctsInvoiceId;
    const inv = invoiceId ? ctx.acc.invoices[invoiceId] : undefined;
    if (!inv) continue;
    for (const l of doc.lines as InvoiceLine[]) {
      const period = daysBilled(l, sub);
      if (!period || period.end <= from) continue;
      const base = included && l.vatCategory === 'standard' ? l.grossCents : l.netCents;
      const cents = proRata(base, daysBetween(maxDate(period.start, from), period.end), daysBetween(period.start, period.end));
      const entry = billed.get(inv.id) ?? { inv, shares: new Map<string, Share>() };
      billed.set(inv.id, entry);
      const key = `${l.vatCategory}:${l.vatRateBp}`;
      const s = entry.shares.get(key) ?? { vatCategory: l.vatCategory, vatRateBp: l.vatRateBp, cents: 0, end: period.end };
      s.cents += cents;
      s.end = maxDate(s.end, period.end);
      entry.shares.set(key, s);
    }
  }
  const language = ctx.acc.customer.language;
  const reason = language === 'nl'
    ? `uw abonnement eindigt per ${longDate(from, language)}; de vooruit gefactureerde dagen daarna worden naar rato gecrediteerd`
    : `your subscription ends as of ${longDate(from, language)}; the days invoiced in advance after that are credited pro rata`;
  // Per VAT rate, what all documents billed for those days together (a decrease credited on one
  // invoice may offset days billed on another): credited from the latest invoice back, never more
  // off an invoice than it billed for them.
  const left = new Map<string, number>();
  for (const { shares } of billed.values()) for (const [key, s] of shares) left.set(key, (left.get(key) ?? 0) + s.cents);
  const latestFirst = [...billed.values()].sort((a, b) => (a.inv.issuedOn < b.inv.issuedOn ? 1 : a.inv.issuedOn > b.inv.issuedOn ? -1 : a.inv.id < b.inv.id ? 1 : -1));
  for (const { inv, shares } of latestFirst) {
    const lines: Draft<InvoiceLine>[] = [];
    for (const [key, s] of shares) {
      const take = Math.min(s.cents, left.get(key) ?? 0);
      if (take <= 0) continue;
      left.set(key, left.get(key)! - take);
      lines.push(creditLine(sub, { ...s, cents: take }, from, included, language));
    }
    if (lines.length > 0) issueCreditNote(ctx, { invoiceId: inv.id, lines, reason, rule: 'R-CREDIT-03', source: CUT_SHORT_SOURCE });
  }
}

function creditLine(sub: Draft<LiveSubscription>, s: Share, from: LocalDate, included: boolean, language: Language): Draft<InvoiceLine> {
  const split = s.vatCategory === 'standard' ? vatSplit(-s.cents, s.vatRateBp, included) : { netCents: -s.cents, vatCents: 0, grossCents: -s.cents };
  const days = daysBetween(from, s.end);
  const span = `${longDate(from, language)} – ${longDate(addDays(s.end, -1), language)}`;
  const description = language === 'nl' ? `${sub.plan.name}, niet gebruikte dagen ${span} (${days} ${days === 1 ? 'dag' : 'dagen'})` : `${sub.plan.name}, unused days ${span} (${days} ${days === 1 ? 'day' : 'days'})`;
  return {
    kind: 'subscription', description, subscriptionId: sub.id, period: { start: from, end: s.end }, quantity: 1, unitCents: split.netCents, ...split,
    vatRateBp: s.vatRateBp, vatCategory: s.vatCategory, rule: 'R-CREDIT-03',
  };
}
