/**
 * The accounting export (`npm run cli -- export journal`): invoices, credit notes and payments
 * as journal rows a Dutch bookkeeping package imports (docs/documents.md "Accounting export").
 * One row per invoice line (so per VAT rate), one per payment. `;` between fields and a decimal
 * comma, as Dutch Excel, Exact Online, Twinfield and SnelStart read CSV in the Dutch locale;
 * UTF-8 with a byte-order mark so Excel shows ë and €. Pure.
 */
import { localDateOf, type LocalDate } from '../domain/calendar.js';
import type { Account, Invoice, InvoiceLine, Payment } from '../domain/types.js';

export const JOURNAL_COLUMNS = [
  'datum', 'boekstuknummer', 'soort', 'klantnummer', 'klantnaam', 'grootboek', 'omschrijving', 'netto', 'btw_tarief', 'btw_code', 'btw', 'bruto', 'corrigeert', 'factuur_id',
] as const;

/** Default ledger accounts (grootboekrekeningen) in the common Dutch numbering. */
export const LEDGER = {
  revenue: '8000', revenueReverseCharged: '8010', interest: '8400', collectionCosts: '8410', bank: '1100',
} as const;

const VAT_CODES = { standard: 'hoog', 'reverse-charge': 'verlegd', 'not-subject': 'geen' } as const;

/** Cents as "1234,56" (decimal comma, no thousands separator: what importers parse). */
export const decimalComma = (cents: number): string => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;

function ledgerOf(l: InvoiceLine): string {
  if (l.kind === 'interest') return LEDGER.interest;
  if (l.kind === 'collection-costs') return LEDGER.collectionCosts;
  return l.vatCategory === 'reverse-charge' ? LEDGER.revenueReverseCharged : LEDGER.revenue;
}

export type JournalRow = Readonly<Record<(typeof JOURNAL_COLUMNS)[number], string>>;

/**
 * A line's description with the customer's invoice ids (`cus_1-0003`, as the domain names the invoices a
 * collection-costs line claims) replaced by their legal numbers, as the bookkeeping knows them. An id
 * without a number yet stays as it is.
 */
export function withInvoiceNumbers(text: string, customerId: string, numberOf: (invoiceId: string) => string | null): string {
  const escaped = customerId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\w-])${escaped}-\\d{4,}(?![\\w-])`, 'g'), (id) => numberOf(id) ?? id);
}

export function invoiceRows(acc: Account, inv: Invoice, numberOf: (invoiceId: string) => string | null): JournalRow[] {
  return inv.lines.map((l) => ({
    datum: inv.issuedOn, boekstuknummer: inv.number, soort: inv.kind === 'credit_note' ? 'creditnota' : 'factuur', klantnummer: inv.customerId,
    klantnaam: inv.buyer.name || acc.customer.name, grootboek: ledgerOf(l), omschrijving: withInvoiceNumbers(l.description, inv.customerId, numberOf), netto: decimalComma(l.netCents),
    btw_tarief: l.vatCategory === 'standard' ? `${decimalComma(l.vatRateBp)}` : '0,00', btw_code: VAT_CODES[l.vatCategory], btw: decimalComma(l.vatCents), bruto: decimalComma(l.grossCents),
    corrigeert: inv.correctsInvoiceId ? (numberOf(inv.correctsInvoiceId) ?? inv.correctsInvoiceId) : '', factuur_id: inv.id,
  }));
}

export function paymentRow(acc: Account, p: Payment, numberOf: (invoiceId: string) => string | null): JournalRow {
  const reversed = p.status === 'reversed';
  return {
    datum: localDateOf(p.receivedAt), boekstuknummer: p.id, soort: reversed ? 'betaling (teruggeboekt)' : 'betaling', klantnummer: acc.customer.id, klantnaam: acc.customer.name,
    grootboek: LEDGER.bank, omschrijving: `${p.method}${p.invoiceId ? ` ${numberOf(p.invoiceId) ?? p.invoiceId}` : ''}`, netto: decimalComma(p.amountCents), btw_tarief: '', btw_code: '',
    btw: '0,00', bruto: decimalComma(p.amountCents), corrigeert: '', factuur_id: p.invoiceId ?? '',
  };
}

const quote = (v: string): string => (/[;"\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The CSV text: BOM, header, rows sorted by date, number, line; CRLF line ends. */
export function journalCsv(rows: readonly JournalRow[]): string {
  const sorted = [...rows].sort((a, b) => (a.datum < b.datum ? -1 : a.datum > b.datum ? 1 : a.boekstuknummer < b.boekstuknummer ? -1 : a.boekstuknummer > b.boekstuknummer ? 1 : 0));
  return `\ufeff${[JOURNAL_COLUMNS.join(';'), ...sorted.map((r) => JOURNAL_COLUMNS.map((c) => quote(r[c])).join(';'))].join('\r\n')}\r\n`;
}

export const within = (date: LocalDate, from: LocalDate, to: LocalDate): boolean => date >= from && date <= to;
