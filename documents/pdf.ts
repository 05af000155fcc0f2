/**
 * The PDF of an invoice or credit note (pdf-lib, the standard Helvetica fonts in WinAnsi, which has
 * € and the accented letters of Dutch): everything art. 35a Wet OB asks — number, date, supply
 * period, provider's name, address, KvK, VAT id and IBAN, the customer's name, address and VAT id,
 * per line quantity, price, VAT rate and amount, the net and VAT per rate, the total, the reverse
 * charge note, and for a credit note the invoice it corrects — in the customer's language.
 * The same document always gives the same bytes (no clock; dates come from the invoice).
 *
 * pdf-lib comes through documents/pdf-lib.ts: from a Lambda layer in AWS, so no bundle carries it.
 */
import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';
import type { Language } from '../domain/types.js';
import { documentTitle, formatAmount, formatDate, formatPeriod, formatQuantity, formatRate, lineLabel, vatLabel } from './format.js';
import type { InvoiceDocument } from './invoice-document.js';
import { pdfLib } from './pdf-lib.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;

const T: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  nl: {
    number: 'Factuurnummer', creditNumber: 'Creditfactuurnummer', date: 'Factuurdatum', due: 'Vervaldatum', period: 'Leveringsperiode', customerNo: 'Klantnummer',
    corrects: 'Corrigeert factuur', of: 'van', vatId: 'Btw-nummer', kvk: 'KvK', iban: 'IBAN', to: 'Aan', description: 'Omschrijving', qty: 'Aantal',
    price: 'Prijs', vat: 'Btw', amount: 'Bedrag', subtotal: 'Totaal excl. btw', vatOver: 'over', total: 'Totaal incl. btw', totalCredit: 'Totaal te crediteren',
    payTransfer: 'Wij verzoeken u {amount} uiterlijk {date} over te maken op {iban} t.n.v. {name}, onder vermelding van {number}.',
    payDebit: 'Het bedrag van {amount} wordt rond {date} automatisch van uw rekening afgeschreven.',
    credit: 'Het bedrag van {amount} wordt verrekend met wat u verschuldigd bent of aan u terugbetaald.', reason: 'Reden', page: 'Pagina',
  },
  en: {
    number: 'Invoice number', creditNumber: 'Credit note number', date: 'Invoice date', due: 'Due date', period: 'Supply period', customerNo: 'Customer number',
    corrects: 'Corrects invoice', of: 'of', vatId: 'VAT number', kvk: 'Chamber of Commerce (KvK)', iban: 'IBAN', to: 'To', description: 'Description', qty: 'Qty',
    price: 'Price', vat: 'VAT', amount: 'Amount', subtotal: 'Total excl. VAT', vatOver: 'on', total: 'Total incl. VAT', totalCredit: 'Total credited',
    payTransfer: 'Please transfer {amount} by {date} to {iban} in the name of {name}, quoting {number}.',
    payDebit: 'The amount of {amount} will be collected from your account by direct debit around {date}.',
    credit: 'The amount of {amount} is set off against what you owe or refunded to you.', reason: 'Reason', page: 'Page',
  },
};

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/** Characters the standard font cannot encode become '?', so a name in another script never breaks the document. */
function encodable(font: PDFFont): (s: string) => string {
  const set = new Set(font.getCharacterSet());
  return (s) => Array.from(s.normalize('NFC'), (ch) => (set.has(ch.codePointAt(0)!) ? ch : ch === '\u2009' || ch === '\u00a0' ? ' ' : '?')).join('');
}

class Writer {
  page: PDFPage;
  y: number;
  pages: PDFPage[] = [];
  private readonly clean: (s: string) => string;
  readonly black: RGB;
  readonly grey: RGB;
  constructor(readonly pdf: PDFDocument, readonly regular: PDFFont, readonly bold: PDFFont) {
    const { rgb } = pdfLib();
    this.black = rgb(0, 0, 0);
    this.grey = rgb(0.35, 0.35, 0.35);
    this.clean = encodable(regular);
    this.page = this.newPage();
    this.y = A4.height - MARGIN;
  }
  newPage(): PDFPage {
    const page = this.pdf.addPage([A4.width, A4.height]);
    this.pages.push(page);
    this.page = page;
    this.y = A4.height - MARGIN;
    return page;
  }
  ensure(height: number): void {
    if (this.y - height < MARGIN + 20) this.newPage();
  }
  text(s: string, x: number, opts: { size?: number; bold?: boolean; right?: boolean; grey?: boolean; y?: number } = {}): void {
    const size = opts.size ?? 9;
    const font = opts.bold ? this.bold : this.regular;
    const clean = this.clean(s);
    const dx = opts.right ? x - font.widthOfTextAtSize(clean, size) : x;
    this.page.drawText(clean, { x: dx, y: opts.y ?? this.y, size, font, color: opts.grey ? this.grey : this.black });
  }
  /** Splits text into lines no wider than `width`. */
  wrap(s: string, width: number, size = 9, bold = false): string[] {
    const font = bold ? this.bold : this.regular;
    const out: string[] = [];
    let line = '';
    for (const word of this.clean(s).split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        out.push(line);
        line = word;
      }
    }
    if (line) out.push(line);
    return out;
  }
  down(dy: number): void {
    this.y -= dy;
  }
  rule(): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4.width - MARGIN, y: this.y }, thickness: 0.5, color: this.grey });
  }
}

/** The PDF bytes of an invoice or credit note. */
export async function invoicePdf(doc: InvoiceDocument): Promise<Uint8Array> {
  const t = T[doc.language];
  const lang = doc.language;
  const eur = (c: number) => formatAmount(c, lang);
  const date = (d: string) => formatDate(d, lang);
  const credit = doc.kind === 'credit_note';
  const title = documentTitle(doc);

  const { PDFDocument, StandardFonts } = pdfLib();
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(`${title} ${doc.number}`);
  pdf.setAuthor(doc.seller.name);
  pdf.setProducer('Looptijd');
  pdf.setCreator('Looptijd');
  pdf.setCreationDate(new Date(`${doc.issuedOn}T12:00:00Z`));
  pdf.setModificationDate(new Date(`${doc.issuedOn}T12:00:00Z`));
  pdf.setLanguage(lang === 'nl' ? 'nl-NL' : 'en-GB');
  const w = new Writer(pdf, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold));
  const right = A4.width - MARGIN;

  // The provider, top right: name, address, KvK, VAT id, IBAN.
  const s = doc.seller;
  const sellerLines = [
    s.address.street, ...(s.address.additionalStreet ? [s.address.additionalStreet] : []), `${s.address.postalCode} ${s.address.city}`,
    ...(s.address.country !== 'NL' ? [s.address.country] : []), `${t.kvk} ${s.kvk}`, `${t.vatId} ${s.vatId}`, `${t.iban} ${s.iban}`,
  ];
  w.text(s.name, right, { size: 12, bold: true, right: true });
  for (const l of sellerLines) {
    w.down(12);
    w.text(l, right, { right: true, grey: true });
  }

  // The customer, left.
  w.down(30);
  w.text(t.to!, MARGIN, { grey: true, size: 8 });
  w.down(12);
  w.text(doc.buyer.name, MARGIN, { bold: true, size: 10 });
  const a = doc.buyer.address;
  for (const l of a ? [a.street, ...(a.additionalStreet ? [a.additionalStreet] : []), `${a.postalCode} ${a.city}`, ...(a.country !== 'NL' ? [a.country] : [])] : []) {
    w.down(12);
    w.text(l, MARGIN);
  }
  if (doc.buyer.vatId) {
    w.down(12);
    w.text(`${t.vatId} ${doc.buyer.vatId}`, MARGIN);
  }

  // Title and the document's facts.
  w.down(36);
  w.text(title, MARGIN, { size: 18, bold: true });
  w.down(22);
  const facts: [string, string][] = [
    [credit ? t.creditNumber! : t.number!, doc.number],
    [t.date!, date(doc.issuedOn)],
    ...(!credit ? [[t.due!, date(doc.dueOn)] as [string, string]] : []),
    ...(doc.supplyPeriod ? [[t.period!, formatPeriod(doc.supplyPeriod, lang)] as [string, string]] : []),
    [t.customerNo!, doc.buyer.customerId],
    ...(credit && (doc.correctsNumber || doc.correctsInvoiceId)
      ? [[t.corrects!, `${doc.correctsNumber ?? doc.correctsInvoiceId}${doc.correctsIssuedOn ? ` ${t.of} ${date(doc.correctsIssuedOn)}` : ''}`] as [string, string]]
      : []),
  ];
  for (const [k, v] of facts) {
    w.text(k, MARGIN, { grey: true });
    w.text(v, MARGIN + 130);
    w.down(13);
  }
  if (credit && doc.creditReason) {
    for (const [i, l] of w.wrap(doc.creditReason, right - MARGIN - 130).entries()) {
      if (i === 0) w.text(t.reason!, MARGIN, { grey: true });
      w.text(l, MARGIN + 130);
      w.down(13);
    }
  }

  // The lines.
  const col = { qty: 330, price: 400, vat: 455, amount: right };
  const header = () => {
    w.down(14);
    w.text(t.description!, MARGIN, { bold: true });
    w.text(t.qty!, col.qty, { bold: true, right: true });
    w.text(t.price!, col.price, { bold: true, right: true });
    w.text(t.vat!, col.vat, { bold: true, right: true });
    w.text(t.amount!, col.amount, { bold: true, right: true });
    w.down(5);
    w.rule();
    w.down(12);
  };
  header();
  for (const l of doc.lines) {
    const label = w.wrap(lineLabel(l, lang), col.qty - MARGIN - 40);
    const extra = l.period ? [formatPeriod(l.period, lang)] : [];
    w.ensure((label.length + extra.length) * 11 + 6);
    if (w.y > A4.height - MARGIN - 1) header();
    w.text(label[0]!, MARGIN);
    w.text(formatQuantity(l.quantity, lang), col.qty, { right: true });
    w.text(eur(l.unitCents), col.price, { right: true });
    w.text(l.vatCategory === 'standard' ? formatRate(l.vatRateBp, lang) : l.vatCategory === 'reverse-charge' ? (lang === 'nl' ? 'verlegd' : 'reverse') : '—', col.vat, { right: true });
    w.text(eur(l.netCents), col.amount, { right: true });
    for (const more of [...label.slice(1), ...extra]) {
      w.down(11);
      w.text(more, MARGIN, { grey: true, size: 8 });
    }
    w.down(15);
  }
  w.rule();

  // Totals: net, VAT per rate, total.
  w.ensure(40 + doc.vatBreakdown.length * 13);
  w.down(14);
  w.text(t.subtotal!, col.vat, { right: true });
  w.text(eur(doc.netCents), col.amount, { right: true });
  for (const v of doc.vatBreakdown) {
    w.down(13);
    w.text(`${vatLabel(v.vatCategory, v.vatRateBp, lang)} ${t.vatOver} ${eur(v.netCents)}`, col.vat, { right: true });
    w.text(eur(v.vatCents), col.amount, { right: true });
  }
  w.down(16);
  w.text(credit ? t.totalCredit! : t.total!, col.vat, { right: true, bold: true, size: 10 });
  w.text(eur(doc.totalCents), col.amount, { right: true, bold: true, size: 10 });

  // Notes: reverse charge, how to pay.
  w.down(30);
  const notes = [
    ...(doc.vatNote ? [doc.buyer.vatId ? `${doc.vatNote} — ${t.vatId} ${doc.buyer.vatId}` : doc.vatNote] : []),
    credit
      ? fill(t.credit!, { amount: eur(-doc.totalCents) })
      : doc.totalCents > 0
        ? fill(doc.directDebit ? t.payDebit! : t.payTransfer!, { amount: eur(doc.totalCents), date: date(doc.dueOn), iban: s.iban, name: s.name, number: doc.number })
        : '',
  ].filter((n) => n !== '');
  for (const n of notes) {
    for (const l of w.wrap(n, right - MARGIN)) {
      w.ensure(12);
      w.text(l, MARGIN);
      w.down(12);
    }
    w.down(4);
  }

  // Footer on every page: provider and page number.
  for (const [i, page] of w.pages.entries()) {
    w.page = page;
    w.text(`${s.name} · ${t.kvk} ${s.kvk} · ${t.vatId} ${s.vatId} · ${t.iban} ${s.iban}`, MARGIN, { size: 7, grey: true, y: MARGIN - 20 });
    w.text(`${t.page} ${i + 1}/${w.pages.length}`, right, { size: 7, grey: true, right: true, y: MARGIN - 20 });
  }
  return pdf.save({ useObjectStreams: false });
}
