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

export const XSD_DIR = [join(process.cwd(), '../shared/fixtures/ubl-2.1/xsd'), join(process.cwd(), 'test/fixtures/ubl-2.1/xsd')].find((d) => existsSync(d));

/** Validates UBL against the UBL 2.1 Invoice or CreditNote XSD (xmllint compiled to WebAssembly, offline). */
export async function validateUbl(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  if (!XSD_DIR) throw new Error('UBL 2.1 XSD not found');
  const root = xml.includes('<CreditNote') ? 'CreditNote' : 'Invoice';
  const common = readdirSync(join(XSD_DIR, 'common')).map((f) => ({ fileName: `common/${f}`, contents: readFileSync(join(XSD_DIR, 'common', f), 'utf8') }));
  const result = await validateXML({
    xml: [{ fileName: 'document.xml', contents: xml }],
    schema: [{ fileName: `maindoc/UBL-${root}-2.1.xsd`, contents: readFileSync(join(XSD_DIR, 'maindoc', `UBL-${root}-2.1.xsd`), 'utf8') }],
    preload: common,
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

