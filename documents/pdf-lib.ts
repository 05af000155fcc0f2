/**
 * pdf-lib, loaded when a PDF is first rendered. In Lambda it comes from the function's layer as
 * one CommonJS file, `/opt/pdf-lib.cjs` (infra/functions.ts `layerModules`), because the library
 * alone (≈ 510 KB minified) is twice a function's bundle budget; elsewhere from node_modules.
 */
import { createRequire } from 'node:module';
import type * as PdfLib from 'pdf-lib';

// In the layer's CommonJS file of the renderer (documents/pdf-renderer.ts) import.meta is empty: there, that file's own path.
const load = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
/** Where the layer puts it; a variable, so the bundler leaves the require alone. */
const LAYER_FILE = '/opt/pdf-lib.cjs';

let cached: typeof PdfLib | undefined;

export function pdfLib(): typeof PdfLib {
  cached ??= (process.env.AWS_LAMBDA_FUNCTION_NAME ? load(LAYER_FILE) : load('pdf-lib')) as typeof PdfLib;
  return cached;
}
