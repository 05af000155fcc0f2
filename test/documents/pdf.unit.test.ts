/** The PDF of every invoice and credit note, opened again and its text checked (unpdf: pdf.js). */
import { describe, expect, it } from 'vitest';
import { invoicePdf } from '../../documents/pdf.js';
import type { InvoiceDocument } from '../../documents/invoice-document.js';
import { pdfText } from './helpers.js';
import { COSTS, CREDIT, JANUARY, MIXED, REVERSE, SEATS } from './samples.js';

const textOf = async (doc: InvoiceDocument) => pdfText(await invoicePdf(doc));

describe('invoice PDF (art. 35a Wet OB), Dutch', { timeout: 30_000 }, () => {
  it('003 January: number, dates as "1 februari 2027", supply period, both parties in full, €-amounts, VAT per rate, how to pay', async () => {
    const text = await textOf(JANUARY);
    for (const expected of [
      'Factuur', 'Factuurnummer LT-000001', 'Factuurdatum 1 februari 2027', 'Vervaldatum 3 maart 2027', 'Leveringsperiode 15 januari 2027 t/m 31 januari 2027',
      'Totaal Internet Groep B.V.', 'Keizersgracht 123', '1015 CJ Amsterdam', 'KvK 12345678', 'Btw-nummer NL123456789B01', 'IBAN NL91ABNA0417164300',
      'Bakkerij De Vries & Zn.', 'Dorpsstraat 1', '1234 AB Ëlst', 'Btw-nummer NL987654321B01', 'Klantnummer cus_1',
      'Abonnement Internet Zakelijk', '€ 200,00', '21%', '€ 109,68', 'Totaal excl. btw € 109,68', 'btw 21% over € 109,68 € 23,03', 'Totaal incl. btw € 132,71',
      'Wij verzoeken u € 132,71 uiterlijk 3 maart 2027 over te maken op NL91ABNA0417164300 t.n.v. Totaal Internet Groep B.V., onder vermelding van LT-000001.',
    ]) expect(text).toContain(expected);
    expect(text).not.toMatch(/R-[A-Z]+-\d/); // no rule codes
    expect(text).not.toContain('2027-01-15'); // no ISO dates for the customer
  });

  it('a credit note: "Creditfactuur", the invoice it corrects with its date, the reason, negative amounts', async () => {
    const text = await textOf(CREDIT);
    for (const expected of ['Creditfactuur', 'Creditfactuurnummer LT-000009', 'Corrigeert factuur LT-000001 van 1 februari 2027', 'Reden Geschil gegrond verklaard', 'Totaal te crediteren € -132,71', 'btw 21% over € -109,68 € -23,03']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Vervaldatum');
  });

  it('reverse charge: "BTW verlegd" with the customer\'s VAT id, VAT 0', async () => {
    const text = await textOf(REVERSE);
    expect(text).toContain('BTW verlegd — Btw-nummer DE123456789');
    expect(text).toContain('btw verlegd over € 200,00 € 0,00');
    expect(text).toContain('Hauptstraße 7');
  });

  it('collection costs are "niet belast"; interest beside a subscription line; € 1.234,56', async () => {
    expect(await textOf(COSTS)).toContain('Buitengerechtelijke incassokosten');
    const mixed = await textOf(MIXED);
    expect(mixed).toContain('€ 1.234,56');
    expect(mixed).toContain('niet belast over € 1,17 € 0,00');
    expect(mixed).toContain('Totaal incl. btw € 1.494,99');
  });
});

describe('invoice PDF, English', { timeout: 30_000 }, () => {
  it('English labels and dates ("1 March 2027"), direct debit instead of a transfer, every line', async () => {
    const text = await textOf(SEATS);
    for (const expected of [
      'Invoice', 'Invoice number LT-000007', 'Invoice date 1 March 2027', 'Due date 31 March 2027', 'Supply period 1 February 2027 to 28 February 2027',
      'Subscription Werkplek Plus', 'Surcharge for payment without direct debit', 'Subscription Opslag', '18 February 2027 to 28 February 2027',
      '€12.50', '€19.64', 'Total excl. VAT €57.89', 'VAT 21% on €57.89 €12.16', 'Total incl. VAT €70.05',
      'The amount of €70.05 will be collected from your account by direct debit around 31 March 2027.', 'High Street 5', 'Unit 2',
    ]) expect(text).toContain(expected);
  });

  it('many lines run onto a second page with page numbers; a name outside the font becomes "?" instead of failing', async () => {
    const lines = Array.from({ length: 60 }, () => SEATS.lines[0]!);
    const doc = { ...SEATS, buyer: { ...SEATS.buyer, name: 'Łódź 株式会社' }, lines };
    const text = await textOf(doc);
    expect(text).toContain('Page 1/3');
    expect(text).toContain('Page 3/3');
    expect(text).toContain('?ód? ????');
  });

  it('the same document gives the same bytes', async () => {
    expect(Buffer.from(await invoicePdf(JANUARY)).equals(Buffer.from(await invoicePdf(JANUARY)))).toBe(true);
  });
});
