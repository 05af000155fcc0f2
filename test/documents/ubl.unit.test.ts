/**
 * The e-invoice: every sample invoice and credit note is valid UBL 2.1 by the OASIS XSD and passes
 * the BIS Billing 3.0 / NLCIUS rules of documents/bis-rules.ts. The XSD is the OASIS UBL 2.1
 * release's, shipped unchanged in test/fixtures/ubl-2.1 (SOURCE.md there says where it comes from,
 * with checksums); the XSD tests never skip — without the fixture they fail.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { checkBisRules } from '../../documents/bis-rules.js';
import { ublDocument } from '../../documents/ubl.js';
import { validateUbl, XSD_DIR } from './helpers.js';
import { ALL, COSTS, CREDIT, JANUARY, MIXED, REVERSE, SEATS } from './samples.js';

const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false }).parse(xml) as Record<string, Record<string, unknown>>;

describe('the UBL 2.1 XSD fixture', () => {
  it('is the OASIS release unchanged: every file in SOURCE.md with its SHA-256', () => {
    const listed = [...readFileSync(join(XSD_DIR, '../SOURCE.md'), 'utf8').matchAll(/^([0-9a-f]{64}) {2}(\S+)$/gm)];
    expect(listed.map((m) => m[2])).toEqual(expect.arrayContaining(['maindoc/UBL-Invoice-2.1.xsd', 'maindoc/UBL-CreditNote-2.1.xsd', 'common/UBL-CommonAggregateComponents-2.1.xsd']));
    for (const [, sum, file] of listed) expect(createHash('sha256').update(readFileSync(join(XSD_DIR, file!))).digest('hex'), file).toBe(sum);
  });
});

describe('UBL 2.1 (Peppol BIS Billing 3.0 / NLCIUS) of every kind of document', () => {
  for (const [name, doc] of Object.entries(ALL)) {
    it(`${name}: valid by the UBL 2.1 XSD`, { timeout: 30_000 }, async () => {
      const result = await validateUbl(ublDocument(doc));
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    });
    it(`${name}: passes the BIS 3.0 and NLCIUS rules checked offline`, () => {
      expect(checkBisRules(ublDocument(doc))).toEqual([]);
    });
  }
});

describe('what the UBL says', () => {
  it('the 003 January invoice: 17/31 of €200.00 = 109.68 net, 23.03 VAT at 21 %, 132.71 payable by 3 March 2027 to the IBAN', () => {
    const inv = parse(ublDocument(JANUARY))['Invoice']!;
    expect(inv['cbc:ID']).toBe('LT-000001');
    expect(inv['cbc:IssueDate']).toBe('2027-02-01');
    expect(inv['cbc:DueDate']).toBe('2027-03-03');
    expect(inv['cbc:InvoiceTypeCode']).toBe('380');
    expect(inv['cac:InvoicePeriod']).toEqual({ 'cbc:StartDate': '2027-01-15', 'cbc:EndDate': '2027-01-31' });
    const totals = inv['cac:LegalMonetaryTotal'] as Record<string, { '#text': string }>;
    expect(totals['cbc:LineExtensionAmount']!['#text']).toBe('109.68');
    expect(totals['cbc:TaxInclusiveAmount']!['#text']).toBe('132.71');
    expect(totals['cbc:PayableAmount']!['#text']).toBe('132.71');
    const sub = (inv['cac:TaxTotal'] as Record<string, Record<string, unknown>>)['cac:TaxSubtotal']!;
    expect(sub['cbc:TaxAmount']).toEqual({ '@_currencyID': 'EUR', '#text': '23.03' });
    expect(sub['cac:TaxCategory']).toMatchObject({ 'cbc:ID': 'S', 'cbc:Percent': '21' });
    expect(inv['cac:PaymentMeans']).toMatchObject({ 'cbc:PaymentMeansCode': '58', 'cbc:PaymentID': 'LT-000001', 'cac:PayeeFinancialAccount': { 'cbc:ID': 'NL91ABNA0417164300' } });
    const seller = (inv['cac:AccountingSupplierParty'] as Record<string, Record<string, unknown>>)['cac:Party']!;
    expect(seller['cac:PartyLegalEntity']).toMatchObject({ 'cbc:CompanyID': { '@_schemeID': '0106', '#text': '12345678' } });
    expect(seller['cac:PartyTaxScheme']).toMatchObject({ 'cbc:CompanyID': 'NL123456789B01' });
  });

  it('escapes what XML must escape (a customer named "Bakkerij De Vries & Zn.")', () => {
    const xml = ublDocument(JANUARY);
    expect(xml).toContain('Bakkerij De Vries &amp; Zn.');
    expect(parse(xml)['Invoice']).toBeDefined();
  });

  it('a prorated line whose net does not divide by its quantity: price for a base quantity of 5 (R120 exact)', () => {
    const inv = parse(ublDocument(SEATS))['Invoice']!;
    const lines = inv['cac:InvoiceLine'] as Record<string, Record<string, unknown>>[];
    expect(lines[0]!['cac:Price']).toEqual({ 'cbc:PriceAmount': { '@_currencyID': 'EUR', '#text': '12.50' } });
    expect(lines[2]!['cac:Price']).toEqual({ 'cbc:PriceAmount': { '@_currencyID': 'EUR', '#text': '19.64' }, 'cbc:BaseQuantity': { '@_unitCode': 'C62', '#text': '5' } });
    expect(inv['cac:PaymentMeans']).toMatchObject({ 'cbc:PaymentMeansCode': '59', 'cac:PaymentMandate': { 'cbc:ID': 'cus_2' } });
  });

  it('reverse charge (R-INV-03): category AE at 0 % with VATEX-EU-AE, both VAT ids, the note', () => {
    const inv = parse(ublDocument(REVERSE))['Invoice']!;
    expect(inv['cbc:Note']).toBe('BTW verlegd');
    const sub = (inv['cac:TaxTotal'] as Record<string, Record<string, unknown>>)['cac:TaxSubtotal']!;
    expect(sub['cac:TaxCategory']).toMatchObject({ 'cbc:ID': 'AE', 'cbc:Percent': '0', 'cbc:TaxExemptionReasonCode': 'VATEX-EU-AE' });
    const buyer = (inv['cac:AccountingCustomerParty'] as Record<string, Record<string, unknown>>)['cac:Party']!;
    expect(buyer['cac:PartyTaxScheme']).toMatchObject({ 'cbc:CompanyID': 'DE123456789' });
  });

  it('a credit note (R-CREDIT-01) is a CreditNote 381 with positive amounts that references the invoice it corrects', () => {
    const cn = parse(ublDocument(CREDIT))['CreditNote']!;
    expect(cn['cbc:CreditNoteTypeCode']).toBe('381');
    expect(cn['cac:BillingReference']).toEqual({ 'cac:InvoiceDocumentReference': { 'cbc:ID': 'LT-000001', 'cbc:IssueDate': '2027-02-01' } });
    expect((cn['cac:LegalMonetaryTotal'] as Record<string, { '#text': string }>)['cbc:PayableAmount']!['#text']).toBe('132.71');
    expect((cn['cac:CreditNoteLine'] as Record<string, unknown>)['cbc:CreditedQuantity']).toEqual({ '@_unitCode': 'C62', '#text': '1' });
    expect(cn['cac:PaymentMeans']).toBeUndefined();
  });

  it('collection costs alone are outside the scope of VAT (O, no VAT ids); beside a taxed line they are exempt (E)', () => {
    const costs = parse(ublDocument(COSTS))['Invoice']!;
    const sub = (costs['cac:TaxTotal'] as Record<string, Record<string, unknown>>)['cac:TaxSubtotal']!;
    expect(sub['cac:TaxCategory']).toMatchObject({ 'cbc:ID': 'O', 'cbc:TaxExemptionReasonCode': 'VATEX-EU-O' });
    expect(((costs['cac:AccountingSupplierParty'] as Record<string, Record<string, unknown>>)['cac:Party']!)['cac:PartyTaxScheme']).toBeUndefined();
    const mixed = parse(ublDocument(MIXED))['Invoice']!;
    const subs = (mixed['cac:TaxTotal'] as Record<string, Record<string, unknown>[]>)['cac:TaxSubtotal']!;
    expect(subs.map((s) => (s['cac:TaxCategory'] as Record<string, unknown>)['cbc:ID'])).toEqual(['S', 'E']);
  });

  it('the rule checks catch a broken document: totals that do not add up, a credit note without its invoice', () => {
    const broken = ublDocument({ ...JANUARY, netCents: 10000 });
    expect(checkBisRules(broken).map((v) => v.rule)).toEqual(expect.arrayContaining(['BR-CO-10', 'BR-CO-15']));
    const orphan = ublDocument({ ...CREDIT, correctsNumber: null, correctsIssuedOn: null });
    expect(checkBisRules(orphan).map((v) => v.rule)).toContain('NL-R-001');
    const noAddress = ublDocument({ ...JANUARY, buyer: { ...JANUARY.buyer, address: null } });
    expect(checkBisRules(noAddress).map((v) => v.rule)).toEqual(['NL-R-004']);
  });

  it('the XSD refuses a document out of order', { timeout: 30_000 }, async () => {
    const xml = ublDocument(JANUARY).replace('<cbc:IssueDate>2027-02-01</cbc:IssueDate>', '').replace('<cbc:DocumentCurrencyCode>', '<cbc:IssueDate>2027-02-01</cbc:IssueDate><cbc:DocumentCurrencyCode>');
    expect((await validateUbl(xml)).valid).toBe(false);
  });
});
