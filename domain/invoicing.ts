/**
 * What makes an invoice a legal document (issue 8): the provider's number series (R-INV-01), the
 * contents art. 35a Wet OB asks for (R-INV-02), EU B2B reverse charge (R-INV-03) and the credit
 * note that corrects an invoice instead of changing it (R-CREDIT-01). Pure: the series and the
 * provider's details come in as data (BillingInput), the store keeps the series' counter.
 */
import type { LocalDate } from './calendar.js';
import type { Draft } from './context.js';
import { divideHalfUp } from './money.js';
import type { BillingInput, Customer, Invoice, InvoiceBuyer, InvoiceLine, Language, NumberSeries, VatBreakdown, VatCategory } from './types.js';

/** The default series when a caller names none: prefix `LT-`, nothing issued yet. */
export const DEFAULT_SERIES: NumberSeries = { id: 'LT', prefix: 'LT-', last: 0 };
export const NO_BILLING_INPUT: BillingInput = { series: DEFAULT_SERIES, seller: null };

/** The legal number of sequence `n` in a series: the prefix and at least six digits (`LT-000123`). */
export const formatNumber = (series: Pick<NumberSeries, 'prefix'>, n: number): string => `${series.prefix}${String(n).padStart(6, '0')}`;

/** The EU member states by the prefix of their VAT ids (Greece uses EL). */
const EU_VAT_PREFIXES = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);

/** A VAT id as stored: upper case, without spaces, dots or dashes (`nl 8123.45.678 b01` → `NL812345678B01`). */
export const normalizeVatId = (vatId: string): string => vatId.replace(/[\s.-]/g, '').toUpperCase();

/**
 * R-INV-03: a business with a VAT id of another EU member state receives B2B services with the VAT
 * reverse charged (place of supply where the customer is established, art. 44 Directive 2006/112/EC).
 */
export function reverseChargeApplies(customer: Pick<Customer, 'kind' | 'vatId'>): boolean {
  if (customer.kind !== 'business' || !customer.vatId) return false;
  const country = customer.vatId.slice(0, 2).toUpperCase();
  return country !== 'NL' && EU_VAT_PREFIXES.has(country);
}

const VAT_NOTES: Readonly<Record<Language, string>> = { nl: 'BTW verlegd', en: 'VAT reverse charged' };

/** The note a reverse-charged document carries, in the customer's language (art. 35a lid 1 onder j Wet OB). */
export const reverseChargeNote = (language: Language): string => VAT_NOTES[language];

/**
 * A line as a reverse-charged supply: the price without VAT is what is charged, at 0 %. Prices
 * that include VAT are first taken net at the profile's rate, so the customer pays the same net.
 */
export function reverseCharged(l: Draft<InvoiceLine>): Draft<InvoiceLine> {
  if (l.vatCategory !== 'standard') return l;
  return { ...l, vatCents: 0, grossCents: l.netCents, vatRateBp: 0, vatCategory: 'reverse-charge' };
}

/** VAT per category and rate, in a fixed order (standard, reverse charge, not subject; higher rates first). */
export function vatBreakdown(lines: readonly Pick<InvoiceLine, 'vatCategory' | 'vatRateBp' | 'netCents' | 'vatCents'>[]): VatBreakdown[] {
  const order: readonly VatCategory[] = ['standard', 'reverse-charge', 'not-subject'];
  const groups = new Map<string, { vatCategory: VatCategory; vatRateBp: number; netCents: number; vatCents: number }>();
  for (const l of lines) {
    const key = `${l.vatCategory}:${l.vatRateBp}`;
    const g = groups.get(key) ?? { vatCategory: l.vatCategory, vatRateBp: l.vatRateBp, netCents: 0, vatCents: 0 };
    g.netCents += l.netCents;
    g.vatCents += l.vatCents;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => order.indexOf(a.vatCategory) - order.indexOf(b.vatCategory) || b.vatRateBp - a.vatRateBp);
}

/** The period the lines cover together (end exclusive, as the lines'), or null when none names one. */
export function supplyPeriod(lines: readonly Pick<InvoiceLine, 'period'>[]): { start: LocalDate; end: LocalDate } | null {
  const periods = lines.flatMap((l) => (l.period ? [l.period] : []));
  if (periods.length === 0) return null;
  const start = periods.map((p) => p.start).sort()[0]!;
  const end = periods.map((p) => p.end).sort().at(-1)!;
  return { start, end };
}

/** The customer as the invoice names it, copied at issue (the invoice keeps it, even after erasure: R-LAW-04). */
export function buyerOf(customer: Pick<Customer, 'name' | 'kind' | 'billingAddress' | 'vatId'>): InvoiceBuyer {
  return { name: customer.name, kind: customer.kind, address: customer.billingAddress ? { ...customer.billingAddress } : null, vatId: customer.vatId };
}

/** What a credit note can still take off an invoice (R-CREDIT-01): its total less earlier credit notes. */
export const creditable = (inv: Pick<Invoice, 'kind' | 'totalCents' | 'creditedCents'>): number => (inv.kind === 'invoice' ? Math.max(0, inv.totalCents - inv.creditedCents) : 0);

/**
 * The lines of a credit note that takes `grossCents` off `inv` (R-CREDIT-01): every line negated
 * when the whole total is credited at once; otherwise each line's share of the amount by its gross
 * (half-up, R-MONEY-01), the rounding remainder on the largest line, so the credit keeps the rates
 * and VAT categories of what it corrects and adds up to exactly the amount.
 */
export function creditLines(inv: Pick<Invoice, 'lines' | 'totalCents' | 'creditedCents'>, grossCents: number, description: (l: InvoiceLine) => string): Draft<InvoiceLine>[] {
  const negate = (l: InvoiceLine, gross: number, vat: number): Draft<InvoiceLine> => ({
    kind: l.kind, description: description(l), subscriptionId: l.subscriptionId, period: l.period && { ...l.period },
    quantity: gross === l.grossCents ? l.quantity : 1, unitCents: gross === l.grossCents ? -l.unitCents : -(gross - vat),
    netCents: -(gross - vat), vatCents: -vat, grossCents: -gross, vatRateBp: l.vatRateBp, vatCategory: l.vatCategory, rule: l.rule,
  });
  const lines = inv.lines.filter((l) => l.grossCents !== 0);
  if (grossCents === inv.totalCents && inv.creditedCents === 0) return lines.map((l) => negate(l, l.grossCents, l.vatCents));
  const total = BigInt(inv.totalCents);
  const shares = lines.map((l) => divideHalfUp(BigInt(l.grossCents) * BigInt(grossCents), total));
  const rest = grossCents - shares.reduce((s, x) => s + x, 0);
  if (rest !== 0 && shares.length > 0) {
    const largest = lines.reduce((best, l, i) => (Math.abs(l.grossCents) > Math.abs(lines[best]!.grossCents) ? i : best), 0);
    shares[largest]! += rest;
  }
  return lines
    .map((l, i) => ({ l, gross: shares[i]! }))
    .filter((x) => x.gross !== 0)
    .map(({ l, gross }) => negate(l, gross, l.grossCents === 0 ? 0 : divideHalfUp(BigInt(l.vatCents) * BigInt(gross), BigInt(l.grossCents))));
}
