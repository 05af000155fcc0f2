/**
 * What the invoice document endpoints are, without their implementation: the OpenAPI document
 * (api/openapi.ts) lists them from here, so the partner API's bundle never reaches the document
 * libraries that api/document-routes.ts uses.
 */
import * as s from './schemas.js';

export const DOCUMENT_PATHS = {
  pdf: {
    method: 'GET', path: '/v1/invoices/{invoiceId}/pdf', operationId: 'getInvoicePdf', summary: 'The PDF of an invoice or credit note', produces: 'application/pdf', params: s.invoiceIdPath,
    description: 'In the customer\'s language (Dutch or English), with everything art. 35a Wet OB asks. `application/pdf`, as an attachment named after the document\'s number.',
  },
  ubl: {
    method: 'GET', path: '/v1/invoices/{invoiceId}/ubl', operationId: 'getInvoiceUbl', summary: 'The e-invoice (UBL 2.1, Peppol BIS Billing 3.0 / NLCIUS)', produces: 'application/xml', params: s.invoiceIdPath,
    description: 'An `Invoice` or, for a credit note, a `CreditNote` in UBL 2.1 following Peppol BIS Billing 3.0, which the Dutch NLCIUS accepts: for the customer\'s bookkeeping or sending over Peppol.',
  },
} as const;
