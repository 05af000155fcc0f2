/**
 * The document of an issued invoice or credit note, from the domain's invoice as stored (records
 * of earlier releases are upcast when read: adapters/account-codec.ts). Pure.
 */
import { addDays, type LocalDate } from '../domain/calendar.js';
import type { Account, Invoice, InvoiceLine } from '../domain/types.js';
import type { DocumentLine, DocumentSeller, InvoiceDocument } from './invoice-document.js';

const inclusive = (p: { readonly start: LocalDate; readonly end: LocalDate } | null) => (p ? { first: p.start, last: addDays(p.end, -1) } : null);

function lineOf(l: InvoiceLine): DocumentLine {
  return {
    kind: l.kind, description: l.description, period: inclusive(l.period), quantity: l.quantity, unitCents: l.unitCents, netCents: l.netCents,
    vatRateBp: l.vatRateBp, vatCategory: l.vatCategory, vatCents: l.vatCents, grossCents: l.grossCents,
  };
}

export interface DocumentSources {
  /** The provider as configured now, for invoices issued before provider details were configured (their `seller` is null). */
  readonly seller: DocumentSeller;
  /** The invoice a credit note corrects, when found (working or archived). */
  readonly corrects?: Pick<Invoice, 'number' | 'issuedOn'> | null;
}

/** The InvoiceDocument of an invoice or credit note of `acc`: the buyer as the invoice names it, language and e-mail from the account. */
export function documentOf(acc: Account, inv: Invoice, sources: DocumentSources): InvoiceDocument {
  const c = acc.customer;
  return {
    id: inv.id, number: inv.number, kind: inv.kind, correctsInvoiceId: inv.correctsInvoiceId,
    correctsNumber: sources.corrects?.number ?? null, correctsIssuedOn: sources.corrects?.issuedOn ?? null, creditReason: inv.creditReason,
    language: c.language, issuedOn: inv.issuedOn, dueOn: inv.dueOn, supplyPeriod: inclusive(inv.supplyPeriod),
    seller: inv.seller ?? sources.seller,
    buyer: { customerId: inv.customerId, name: inv.buyer.name, kind: inv.buyer.kind, address: inv.buyer.address, vatId: inv.buyer.vatId, email: c.email },
    lines: inv.lines.map(lineOf),
    vatBreakdown: inv.vatBreakdown.map((v) => ({ vatCategory: v.vatCategory, vatRateBp: v.vatRateBp, netCents: v.netCents, vatCents: v.vatCents })),
    netCents: inv.netCents, vatCents: inv.vatCents, totalCents: inv.totalCents, reverseCharge: inv.reverseCharge, vatNote: inv.vatNote,
    directDebit: c.directDebit,
  };
}
