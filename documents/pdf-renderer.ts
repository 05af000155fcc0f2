/**
 * The PDF renderer (documents/renderer.ts: documentOf, invoicePdf, documentFileName), loaded when a
 * PDF is first asked for. In Lambda it comes from the function's layer, bundled with what it uses
 * into `/opt/#pdf-renderer.cjs` (infra/functions.ts `layerModules`, beside pdf-lib), so neither the
 * outbox's nor invoice-documents' bundle carries it; elsewhere through the package's
 * `#pdf-renderer` import (package.json `imports`).
 */
import { createRequire } from 'node:module';
import type * as Renderer from './renderer.js';

/** Where the layer puts it; a variable, so the bundler leaves the require alone. */
const LAYER_FILE = '/opt/#pdf-renderer.cjs';

export async function pdfRenderer(): Promise<typeof Renderer> {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) return createRequire(import.meta.url)(LAYER_FILE) as typeof Renderer;
  return (await import('#pdf-renderer')) as typeof Renderer;
}
