/** Opening the documents again in tests: the PDF's text (unpdf: pdf.js) and UBL validation by the UBL 2.1 XSD (xmllint-wasm). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { validateXML } from 'xmllint-wasm';

/** The PDF's text, pages joined, runs of white space as one space. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

/** The OASIS UBL 2.1 schemas shipped as a test fixture (test/fixtures/ubl-2.1/SOURCE.md). */
export const XSD_DIR = join(import.meta.dirname, '../fixtures/ubl-2.1/xsd');

/** The schema files, read once: a missing fixture fails every XSD test loudly instead of skipping it. */
function schemaFiles(): { common: { fileName: string; contents: string }[]; maindoc: (root: string) => string } {
  const maindoc = (root: string) => join(XSD_DIR, 'maindoc', `UBL-${root}-2.1.xsd`);
  if (!existsSync(maindoc('Invoice')) || !existsSync(maindoc('CreditNote'))) {
    throw new Error(`UBL 2.1 XSD fixture missing in ${XSD_DIR} (see test/fixtures/ubl-2.1/SOURCE.md)`);
  }
  const common = readdirSync(join(XSD_DIR, 'common')).sort().map((f) => ({ fileName: `common/${f}`, contents: readFileSync(join(XSD_DIR, 'common', f), 'utf8') }));
  return { common, maindoc: (root) => readFileSync(maindoc(root), 'utf8') };
}

let schemas: ReturnType<typeof schemaFiles> | undefined;

/** Validates UBL against the UBL 2.1 Invoice or CreditNote XSD (xmllint compiled to WebAssembly, offline). */
export async function validateUbl(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  schemas ??= schemaFiles();
  const root = xml.includes('<CreditNote') ? 'CreditNote' : 'Invoice';
  const result = await validateXML({
    xml: [{ fileName: 'document.xml', contents: xml }],
    schema: [{ fileName: `maindoc/UBL-${root}-2.1.xsd`, contents: schemas.maindoc(root) }],
    preload: schemas.common,
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

