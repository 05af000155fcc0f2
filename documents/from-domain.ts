/**
 * The document of an issued invoice or credit note, from the domain's invoice as stored. Pure.
 * Records written before invoices carried their legal data (number, VAT per line, seller, buyer)
 * are read with what they have: the id as number, the rate from the line's VAT, the account's
 * customer as buyer and the configured provider as seller.
 */
import { addDays, type LocalDate } from '../domain/calendar.js';
import type { Account, Invoice, InvoiceLine } from '../domain/types.js';
import type { DocumentAddress, DocumentLine, DocumentSeller, DocumentVat, DocumentVatCategory, InvoiceDocument } from './invoice-document.js';

/** The legal fields an invoice has since issue 8; optional here so older records read too. */
type Legal = Partial<{
  number: string;
  kind: 'invoice' | 'credit_note';
  correctsInvoiceId: string | null;
  creditReason: string | null;
  vatBreakdown: readonly DocumentVat[];
  supplyPeriod: { readonly start: LocalDate; readonly end: LocalDate } | null;
  reverseCharge: boolean;
  vatNote: string | null;
  seller: DocumentSeller | null;
  buyer: { readonly name: string; readonly kind: 'consumer' | 'business'; readonly address: DocumentAddress | null; readonly vatId: string | null };
}>;
type LegalLine = Partial<{ vatRateBp: number; vatCategory: DocumentVatCategory }>;

const inclusive = (p: { readonly start: LocalDate; readonly end: LocalDate } | null | undefined) => (p ? { first: p.start, last: addDays(p.end, -1) } : null);

/** A rate from the line's own VAT when the record predates `vatRateBp`: the nearest whole or half percent. */
const impliedRate = (l: InvoiceLine): number => (l.netCents === 0 ? 0 : Math.round((l.vatCents * 200) / l.netCents) * 50);

function lineOf(l: InvoiceLine & LegalLine): DocumentLine {
  const vatCategory: DocumentVatCategory = l.vatCategory ?? (l.vatCents === 0 && (l.kind === 'interest' || l.kind === 'collection-costs') ? 'not-subject' : 'standard');
  return {
    kind: l.kind, description: l.description, period: inclusive(l.period), quantity: l.quantity, unitCents: l.unitCents, netCents: l.netCents,
    vatRateBp: l.vatRateBp ?? (vatCategory === 'standard' ? impliedRate(l) : 0), vatCategory, vatCents: l.vatCents, grossCents: l.grossCents,
  };
}

function breakdown(lines: readonly DocumentLine[]): DocumentVat[] {
  const order: readonly DocumentVatCategory[] = ['standard', 'reverse-charge', 'not-subject'];
  const groups = new Map<string, { vatCategory: DocumentVatCategory; vatRateBp: number; netCents: number; vatCents: number }>();
  for (const l of lines) {
    const key = `${l.vatCategory}:${l.vatRateBp}`;
    const g = groups.get(key) ?? { vatCategory: l.vatCategory, vatRateBp: l.vatRateBp, netCents: 0, vatCents: 0 };
    g.netCents += l.netCents;
    g.vatCents += l.vatCents;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => order.indexOf(a.vatCategory) - order.indexOf(b.vatCategory) || b.vatRateBp - a.vatRateBp);
}

export interface DocumentSources {
  /** The provider as configured now, for invoices issued before they carried the seller. */
  readonly seller: DocumentSeller;
  /** The invoice a credit note corrects, when found (working or archived). */
  readonly corrects?: Invoice | null;
}

/** The InvoiceDocument of an invoice or credit note of `acc`. */
export function documentOf(acc: Account, invoice: Invoice, sources: DocumentSources): InvoiceDocument {
  const inv = invoice as Invoice & Legal;
  const c = acc.customer;
  const lines = (inv.lines as readonly (InvoiceLine & LegalLine)[]).map(lineOf);
  const corrects = sources.corrects as (Invoice & Legal) | null | undefined;
  const kind = inv.kind ?? (inv.totalCents < 0 ? 'credit_note' : 'invoice');
  const supply = inv.supplyPeriod !== undefined ? inclusive(inv.supplyPeriod) : supplyOf(lines);
  return {
    id: inv.id, number: inv.number ?? inv.id, kind, correctsInvoiceId: inv.correctsInvoiceId ?? null,
    correctsNumber: corrects ? (corrects.number ?? corrects.id) : null, correctsIssuedOn: corrects?.issuedOn ?? null, creditReason: inv.creditReason ?? null,
    language: c.language, issuedOn: inv.issuedOn, dueOn: inv.dueOn, supplyPeriod: supply,
    seller: inv.seller ?? sources.seller,
    buyer: {
      customerId: inv.customerId, name: inv.buyer?.name ?? c.name, kind: inv.buyer?.kind ?? c.kind,
      address: inv.buyer?.address ?? null, vatId: inv.buyer?.vatId ?? null, email: c.email,
    },
    lines, vatBreakdown: inv.vatBreakdown ?? breakdown(lines),
    netCents: inv.netCents, vatCents: inv.vatCents, totalCents: inv.totalCents,
    reverseCharge: inv.reverseCharge ?? false, vatNote: inv.vatNote ?? null, directDebit: c.directDebit,
  };
}

function supplyOf(lines: readonly DocumentLine[]): InvoiceDocument['supplyPeriod'] {
  const periods = lines.flatMap((l) => (l.period ? [l.period] : []));
  if (periods.length === 0) return null;
  return { first: periods.map((p) => p.first).sort()[0]!, last: periods.map((p) => p.last).sort().at(-1)! };
}
