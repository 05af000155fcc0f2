/**
 * What the PDF-rendering functions load lazily, as one module (the package's `#pdf-renderer`
 * import; in Lambda a layer file, documents/pdf-renderer.ts): the document of an invoice, its PDF
 * and file name, and the seller shown when none is configured. Kept out of the outbox's bundle,
 * which needs them only for invoice e-mails.
 */
export { documentFileName } from './format.js';
export { documentOf } from './from-domain.js';
export { invoicePdf } from './pdf.js';
export { UNCONFIGURED_PROVIDER } from './seller.js';
