/**
 * The invoice documents of the partner API: `GET /v1/invoices/{invoiceId}/pdf` and `/ubl`, served
 * by their own function (functions/invoice-documents.ts) so the PDF and XML libraries stay out of
 * the partner API's bundle. Tenancy as everywhere: another reseller's invoice is 404.
 */
import * as z from 'zod';
import { documentOf } from '../documents/from-domain.js';
import { documentFileName } from '../documents/format.js';
import { pdfRenderer } from '../documents/pdf-renderer.js';
import type { DocumentSeller, InvoiceDocument } from '../documents/invoice-document.js';
import { ublDocument } from '../documents/ubl.js';
import type { ReadModel } from '../adapters/read-model.js';
import { ownedInvoice } from './invoice-access.js';
import type { FileBody, Route } from './routes.js';
import { DOCUMENT_PATHS } from './document-paths.js';

const none = z.object({}).strict();
const route = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(r: Route<P, Q, B>): Route => r as unknown as Route;
const fileResponse = z.string();

/** The document of an invoice the caller owns, with the number of the invoice a credit note corrects. */
export async function ownedDocument(read: Pick<ReadModel, 'invoice'>, seller: DocumentSeller, caller: { resellerId: string }, invoiceId: string): Promise<InvoiceDocument> {
  const { account, invoice } = await ownedInvoice(read, caller, invoiceId);
  const corrects = invoice.correctsInvoiceId ? ((await read.invoice(invoice.correctsInvoiceId))?.invoice ?? null) : null;
  return documentOf(account.state, invoice, { seller, corrects });
}

/** Renders the PDF with pdf-lib, both loaded only when a PDF is asked for (documents/pdf-renderer.ts: from a layer in Lambda). */
async function pdfOf(doc: InvoiceDocument): Promise<Uint8Array> {
  const { invoicePdf } = await pdfRenderer();
  return invoicePdf(doc);
}

/** The document routes; `seller` is the provider as configured, for documents issued before invoices carried it. */
export const documentRoutes = (seller: DocumentSeller): readonly Route[] => [
  route({
    ...DOCUMENT_PATHS.pdf, query: none, body: null, status: 200, response: fileResponse,
    async handle(ctx, { caller, path }): Promise<FileBody> {
      const doc = await ownedDocument(ctx.read, seller, caller, path.invoiceId);
      return { body: await pdfOf(doc), contentType: 'application/pdf', fileName: documentFileName(doc, 'pdf') };
    },
  }),
  route({
    ...DOCUMENT_PATHS.ubl, query: none, body: null, status: 200, response: fileResponse,
    async handle(ctx, { caller, path }): Promise<FileBody> {
      const doc = await ownedDocument(ctx.read, seller, caller, path.invoiceId);
      return { body: ublDocument(doc), contentType: 'application/xml; charset=utf-8', fileName: documentFileName(doc, 'xml') };
    },
  }),
];
