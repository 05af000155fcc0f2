/**
 * The PDF an invoice or credit note e-mail carries (issue 8 item 6): the same document and renderer
 * as `GET /v1/invoices/{id}/pdf` (documents/), named `factuur-LT-000123.pdf` or
 * `invoice-LT-000123.pdf` in the customer's language. The renderer and pdf-lib load on the first
 * invoice e-mail only (both from the outbox's layer in Lambda: documents/pdf-renderer.ts).
 */
import { pdfRenderer } from '../documents/pdf-renderer.js';
import type { Account, IncomingEvent, Invoice } from '../domain/index.js';
import type { Deps, MailAttachment } from './ports.js';

/** The PDF of invoice `invoiceId` of `customerId`, or null when the account or invoice is gone (erased). */
export async function invoiceAttachment(deps: Pick<Deps, 'store' | 'invoicing'>, customerId: string, invoiceId: string): Promise<MailAttachment | null> {
  const found = await invoiceOf(deps, customerId, invoiceId);
  if (found === null) return null;
  const { state, invoice } = found;
  const corrects = invoice.correctsInvoiceId === null ? null : ((await invoiceOf(deps, customerId, invoice.correctsInvoiceId))?.invoice ?? null);
  const { documentOf, documentFileName, invoicePdf, UNCONFIGURED_PROVIDER } = await pdfRenderer();
  const doc = documentOf(state, invoice, { seller: deps.invoicing?.seller ?? UNCONFIGURED_PROVIDER, corrects });
  return { fileName: documentFileName(doc, 'pdf'), contentType: 'application/pdf', content: await invoicePdf(doc) };
}

/**
 * The invoice as the account holds it or, settled since, from its archive: the store puts back the
 * archived records an event names (domain/archive.ts), so the read names the invoice as a dispute
 * of it would. Nothing is decided or saved.
 */
async function invoiceOf(deps: Pick<Deps, 'store'>, customerId: string, invoiceId: string): Promise<{ state: Account; invoice: Invoice } | null> {
  const naming: IncomingEvent = { id: `read:${invoiceId}`, type: 'invoice.disputed', occurredAt: '1970-01-01T00:00:00Z', data: { invoiceId, customerId } };
  const loaded = await deps.store.load(customerId, naming);
  const invoice = loaded?.state.invoices[invoiceId];
  return loaded && invoice ? { state: loaded.state, invoice } : null;
}
