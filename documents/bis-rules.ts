/**
 * A documented subset of the Peppol BIS Billing 3.0 Schematron rules (EN 16931 `BR-…`, Peppol
 * `PEPPOL-EN16931-…`) and of the Dutch NLCIUS rules (`NL-R-…`), checked in TypeScript on the UBL
 * XML itself (parsed again), without a network. The official Schematron is XSLT 2.0, which no
 * maintained pure-JS engine runs; docs/documents.md lists what is and is not checked here.
 * Used by the tests (and handy for a partner's own checks); not part of any Lambda bundle.
 */
import { XMLParser } from 'fast-xml-parser';
import { CUSTOMIZATION_ID } from './ubl.js';

export interface RuleViolation {
  readonly rule: string;
  readonly message: string;
}

type X = Record<string, unknown>;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', parseTagValue: false, parseAttributeValue: false, trimValues: true });

const arr = (v: unknown): X[] => (v === undefined || v === null ? [] : Array.isArray(v) ? (v as X[]) : [v as X]);
const one = (node: X | undefined, path: string): X | undefined => {
  let cur: unknown = node;
  for (const key of path.split('/')) cur = arr((cur as X | undefined)?.[key])[0];
  return cur as X | undefined;
};
const all = (node: X | undefined, path: string): X[] => {
  let cur: X[] = node ? [node] : [];
  for (const key of path.split('/')) cur = cur.flatMap((n) => arr(n[key]));
  return cur;
};
const text = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  const t = (v as X)['#text'];
  return t === undefined ? '' : String(t);
};
const val = (node: X | undefined, path: string): string | undefined => {
  const parts = path.split('/');
  const last = parts.pop()!;
  const parent = parts.length ? one(node, parts.join('/')) : node;
  return text(arr(parent?.[last])[0]);
};
const attr = (node: X | undefined, path: string, name: string): string | undefined => {
  const parts = path.split('/');
  const last = parts.pop()!;
  const parent = parts.length ? one(node, parts.join('/')) : node;
  const v = arr(parent?.[last])[0];
  return v && typeof v === 'object' ? (v[`@_${name}`] as string | undefined) : undefined;
};
/** A UBL amount in cents (exact for up to two decimals; NaN otherwise). */
const cents = (s: string | undefined): number => (s === undefined || !/^-?\d+(\.\d{1,2})?$/.test(s) ? Number.NaN : Math.round(Number(s) * 100));
const num = (s: string | undefined): number => (s === undefined ? Number.NaN : Number(s));

/** Every rule this module checks, with its text (docs/documents.md lists them). */
export const CHECKED_RULES: Readonly<Record<string, string>> = {
  'BR-01': 'Specification identifier (CustomizationID) present',
  'PEPPOL-EN16931-R004': 'Specification identifier is the BIS Billing 3.0 one',
  'PEPPOL-EN16931-R001': 'Business process (ProfileID) present',
  'PEPPOL-EN16931-R007': 'Business process in the format urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0',
  'BR-02': 'Invoice number present',
  'BR-03': 'Issue date present',
  'BR-04': 'Document type code present',
  'PEPPOL-EN16931-P0100': 'Type code 380 (Invoice) or 381 (CreditNote) as used here',
  'BR-05': 'Document currency code present',
  'BR-06': 'Seller name (legal registration name) present',
  'BR-07': 'Buyer name present',
  'BR-08': 'Seller postal address present',
  'BR-09': 'Seller country code present',
  'BR-10': 'Buyer postal address present',
  'BR-11': 'Buyer country code present',
  'BR-12': 'Sum of line net amounts present',
  'BR-13': 'Total without VAT present',
  'BR-14': 'Total with VAT present',
  'BR-15': 'Amount due present',
  'BR-16': 'At least one line',
  'BR-21': 'Line identifier present',
  'BR-22': 'Line quantity present',
  'BR-23': 'Line unit of measure present',
  'BR-24': 'Line net amount present',
  'BR-25': 'Item name present',
  'BR-26': 'Item net price present',
  'BR-27': 'Item net price not negative',
  'BR-29': 'Invoicing period start not after its end',
  'BR-30': 'Line period start not after its end',
  'BR-61': 'Credit transfer (30/58) names the payee account',
  'BR-CO-10': 'Sum of line net amounts equals the lines',
  'BR-CO-13': 'Total without VAT = sum of line nets (no allowances or charges)',
  'BR-CO-14': 'Total VAT = sum of the VAT breakdown',
  'BR-CO-15': 'Total with VAT = total without VAT + VAT',
  'BR-CO-16': 'Amount due = total with VAT − prepaid + rounding',
  'BR-CO-18': 'At least one VAT breakdown',
  'BR-CO-25': 'A positive amount due has a due date or payment terms',
  'BR-CO-26': 'Seller identifier, legal registration id or VAT id present',
  'BR-DEC': 'Amounts have at most two decimals',
  'BR-S-02': 'Standard rated lines: seller VAT id present',
  'BR-S-08': 'Standard rate breakdown: taxable amount = sum of the lines at that rate',
  'BR-S-09': 'Standard rate breakdown: VAT = taxable × rate (the Schematron allows 1 of the currency)',
  'BR-AE-02': 'Reverse charge: seller and buyer VAT ids present',
  'BR-AE-06': 'Reverse charge lines at 0 %',
  'BR-AE-10': 'Reverse charge breakdown has an exemption reason',
  'BR-E-10': 'Exempt breakdown has an exemption reason',
  'BR-O-02': 'Not subject to VAT: no seller or buyer VAT id',
  'BR-O-05': 'Not subject to VAT: lines without a rate',
  'BR-O-10': 'Not subject to VAT: breakdown has an exemption reason',
  'BR-O-11': 'Not subject to VAT: no other VAT category in the document',
  'PEPPOL-EN16931-R002': 'At most one document note',
  'PEPPOL-EN16931-R003': 'Buyer reference or order reference present',
  'PEPPOL-EN16931-R010': 'Buyer electronic address present',
  'PEPPOL-EN16931-R020': 'Seller electronic address present',
  'PEPPOL-EN16931-R053': 'Exactly one VAT total with breakdown',
  'PEPPOL-EN16931-R061': 'Direct debit (59) names the mandate reference',
  'PEPPOL-EN16931-R120': 'Line net = quantity × price ÷ base quantity (±0.02)',
  'PEPPOL-EN16931-R121': 'Base quantity positive',
  'PEPPOL-EN16931-CL008': 'Electronic address scheme from the EAS list (the codes used here)',
  'NL-R-001': 'A credit note references the invoice it corrects',
  'NL-R-002': 'Dutch seller: street, city and postcode',
  'NL-R-003': 'Dutch seller: legal entity id is a KvK (0106) or OIN (0190) number',
  'NL-R-004': 'Dutch seller, Dutch buyer: buyer street, city and postcode',
  'NL-R-007': 'Dutch seller: payment means on a document the customer pays',
  'NL-R-008': 'Dutch seller: payment means code 30, 48, 49, 57, 58 or 59',
};

const EAS_USED = new Set(['0106', '0190', '9944', 'EM', '0088', '0208', '9925', '9930']);

/** The rules of CHECKED_RULES that the UBL document breaks; empty when it passes them all. */
export function checkBisRules(xml: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const fail = (rule: string, detail = '') => out.push({ rule, message: `${CHECKED_RULES[rule] ?? rule}${detail ? `: ${detail}` : ''}` });
  const parsed = parser.parse(xml) as X;
  const credit = parsed['CreditNote'] !== undefined;
  const doc = (parsed['CreditNote'] ?? parsed['Invoice']) as X | undefined;
  if (!doc) return [{ rule: 'BR-01', message: 'not a UBL Invoice or CreditNote' }];
  const lineTag = credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const qtyTag = credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';

  const customization = val(doc, 'cbc:CustomizationID');
  if (!customization) fail('BR-01');
  else if (customization !== CUSTOMIZATION_ID) fail('PEPPOL-EN16931-R004', customization);
  const profile = val(doc, 'cbc:ProfileID');
  if (!profile) fail('PEPPOL-EN16931-R001');
  else if (!/^urn:fdc:peppol\.eu:2017:poacc:billing:\d{2}:1\.0$/.test(profile)) fail('PEPPOL-EN16931-R007', profile);
  if (!val(doc, 'cbc:ID')) fail('BR-02');
  if (!val(doc, 'cbc:IssueDate')) fail('BR-03');
  const typeCode = val(doc, credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode');
  if (!typeCode) fail('BR-04');
  else if (typeCode !== (credit ? '381' : '380')) fail('PEPPOL-EN16931-P0100', typeCode);
  if (!val(doc, 'cbc:DocumentCurrencyCode')) fail('BR-05');
  if (arr(doc['cbc:Note']).length > 1) fail('PEPPOL-EN16931-R002');
  if (!val(doc, 'cbc:BuyerReference') && !val(doc, 'cac:OrderReference/cbc:ID')) fail('PEPPOL-EN16931-R003');

  const seller = one(doc, 'cac:AccountingSupplierParty/cac:Party');
  const buyer = one(doc, 'cac:AccountingCustomerParty/cac:Party');
  if (!val(seller, 'cac:PartyLegalEntity/cbc:RegistrationName')) fail('BR-06');
  if (!val(buyer, 'cac:PartyLegalEntity/cbc:RegistrationName')) fail('BR-07');
  const sellerAddress = one(seller, 'cac:PostalAddress');
  const buyerAddress = one(buyer, 'cac:PostalAddress');
  if (!sellerAddress) fail('BR-08');
  const sellerCountry = val(sellerAddress, 'cac:Country/cbc:IdentificationCode');
  if (!sellerCountry) fail('BR-09');
  if (!buyerAddress) fail('BR-10');
  const buyerCountry = val(buyerAddress, 'cac:Country/cbc:IdentificationCode');
  if (!buyerCountry) fail('BR-11');
  const sellerEndpoint = val(seller, 'cbc:EndpointID');
  const buyerEndpoint = val(buyer, 'cbc:EndpointID');
  if (!sellerEndpoint) fail('PEPPOL-EN16931-R020');
  if (!buyerEndpoint) fail('PEPPOL-EN16931-R010');
  for (const party of [seller, buyer]) {
    const scheme = attr(party, 'cbc:EndpointID', 'schemeID');
    if (scheme !== undefined && !EAS_USED.has(scheme)) fail('PEPPOL-EN16931-CL008', scheme);
  }
  const sellerVat = val(seller, 'cac:PartyTaxScheme/cbc:CompanyID');
  const buyerVat = val(buyer, 'cac:PartyTaxScheme/cbc:CompanyID');
  const sellerLegalId = val(seller, 'cac:PartyLegalEntity/cbc:CompanyID');
  if (!val(seller, 'cac:PartyIdentification/cbc:ID') && !sellerLegalId && !sellerVat) fail('BR-CO-26');

  // Amounts: every element carrying currencyID, at most two decimals.
  const decimals = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(decimals);
    if (!node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node as X)) {
      for (const c of arr(child)) {
        if (c && typeof c === 'object' && (c as X)['@_currencyID'] !== undefined && key !== 'cbc:PriceAmount' && !/^-?\d+(\.\d{1,2})?$/.test(text(c) ?? '')) fail('BR-DEC', `${key} ${text(c)}`);
        decimals(c);
      }
    }
  };
  decimals(doc);

  const totals = one(doc, 'cac:LegalMonetaryTotal');
  const lineExt = cents(val(totals, 'cbc:LineExtensionAmount'));
  const taxExcl = cents(val(totals, 'cbc:TaxExclusiveAmount'));
  const taxIncl = cents(val(totals, 'cbc:TaxInclusiveAmount'));
  const payable = cents(val(totals, 'cbc:PayableAmount'));
  const prepaid = val(totals, 'cbc:PrepaidAmount') === undefined ? 0 : cents(val(totals, 'cbc:PrepaidAmount'));
  const rounding = val(totals, 'cbc:PayableRoundingAmount') === undefined ? 0 : cents(val(totals, 'cbc:PayableRoundingAmount'));
  if (val(totals, 'cbc:LineExtensionAmount') === undefined) fail('BR-12');
  if (val(totals, 'cbc:TaxExclusiveAmount') === undefined) fail('BR-13');
  if (val(totals, 'cbc:TaxInclusiveAmount') === undefined) fail('BR-14');
  if (val(totals, 'cbc:PayableAmount') === undefined) fail('BR-15');

  const lines = all(doc, lineTag);
  if (lines.length === 0) fail('BR-16');
  let lineSum = 0;
  const byCategory = new Map<string, number>();
  const lineCategories = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const at = `line ${i + 1}`;
    if (!val(line, 'cbc:ID')) fail('BR-21', at);
    const qty = num(val(line, qtyTag));
    if (val(line, qtyTag) === undefined) fail('BR-22', at);
    if (!attr(line, qtyTag, 'unitCode')) fail('BR-23', at);
    const net = cents(val(line, 'cbc:LineExtensionAmount'));
    if (val(line, 'cbc:LineExtensionAmount') === undefined) fail('BR-24', at);
    lineSum += net;
    if (!val(line, 'cac:Item/cbc:Name')) fail('BR-25', at);
    const price = num(val(line, 'cac:Price/cbc:PriceAmount'));
    if (val(line, 'cac:Price/cbc:PriceAmount') === undefined) fail('BR-26', at);
    if (price < 0) fail('BR-27', at);
    const baseText = val(line, 'cac:Price/cbc:BaseQuantity');
    const base = baseText === undefined ? 1 : num(baseText);
    if (!(base > 0)) fail('PEPPOL-EN16931-R121', at);
    else if (Math.abs(net / 100 - qty * (price / base)) > 0.02 + 1e-9) fail('PEPPOL-EN16931-R120', `${at}: ${net / 100} ≠ ${qty} × ${price} ÷ ${base}`);
    const start = val(line, 'cac:InvoicePeriod/cbc:StartDate');
    const end = val(line, 'cac:InvoicePeriod/cbc:EndDate');
    if (start && end && start > end) fail('BR-30', at);
    const cat = val(line, 'cac:Item/cac:ClassifiedTaxCategory/cbc:ID') ?? '';
    const pct = val(line, 'cac:Item/cac:ClassifiedTaxCategory/cbc:Percent');
    lineCategories.add(cat);
    if (cat === 'S' && !sellerVat) fail('BR-S-02', at);
    if (cat === 'AE' && num(pct) !== 0) fail('BR-AE-06', at);
    if (cat === 'O' && pct !== undefined) fail('BR-O-05', at);
    const key = `${cat}:${cat === 'O' ? '' : num(pct)}`;
    byCategory.set(key, (byCategory.get(key) ?? 0) + net);
  }
  if (lineSum !== lineExt) fail('BR-CO-10', `${lineSum} ≠ ${lineExt} cents`);
  if (taxExcl !== lineExt) fail('BR-CO-13');

  const taxTotals = all(doc, 'cac:TaxTotal');
  if (taxTotals.length !== 1) fail('PEPPOL-EN16931-R053');
  const subtotals = all(taxTotals[0], 'cac:TaxSubtotal');
  if (subtotals.length === 0) fail('BR-CO-18');
  const vatTotal = cents(val(taxTotals[0], 'cbc:TaxAmount'));
  const subSum = subtotals.reduce((s, st) => s + cents(val(st, 'cbc:TaxAmount')), 0);
  if (subSum !== vatTotal) fail('BR-CO-14', `${subSum} ≠ ${vatTotal} cents`);
  if (taxIncl !== taxExcl + vatTotal) fail('BR-CO-15');
  if (payable !== taxIncl - prepaid + rounding) fail('BR-CO-16');

  const categories = new Set<string>();
  for (const st of subtotals) {
    const cat = val(st, 'cac:TaxCategory/cbc:ID') ?? '';
    const pct = num(val(st, 'cac:TaxCategory/cbc:Percent'));
    const taxable = cents(val(st, 'cbc:TaxableAmount'));
    const tax = cents(val(st, 'cbc:TaxAmount'));
    const reason = val(st, 'cac:TaxCategory/cbc:TaxExemptionReason') ?? val(st, 'cac:TaxCategory/cbc:TaxExemptionReasonCode');
    categories.add(cat);
    if (cat === 'S') {
      const sum = byCategory.get(`S:${pct}`) ?? 0;
      if (sum !== taxable) fail('BR-S-08', `${pct} %: ${taxable} ≠ ${sum} cents`);
      if (Math.abs(tax - Math.round((taxable * pct) / 100)) > 100) fail('BR-S-09', `${pct} %`);
    }
    if (cat === 'AE' && !reason) fail('BR-AE-10');
    if (cat === 'E' && !reason) fail('BR-E-10');
    if (cat === 'O' && !reason) fail('BR-O-10');
  }
  if ((categories.has('AE') || lineCategories.has('AE')) && (!sellerVat || !buyerVat)) fail('BR-AE-02');
  if (categories.has('O') || lineCategories.has('O')) {
    if (sellerVat || buyerVat) fail('BR-O-02');
    if (categories.size > 1 || lineCategories.size > 1) fail('BR-O-11');
  }

  const period = one(doc, 'cac:InvoicePeriod');
  if (period && val(period, 'cbc:StartDate') && val(period, 'cbc:EndDate') && val(period, 'cbc:StartDate')! > val(period, 'cbc:EndDate')!) fail('BR-29');
  if (payable > 0 && !val(doc, 'cbc:DueDate') && !val(doc, 'cac:PaymentTerms/cbc:Note') && !val(doc, 'cac:PaymentMeans/cbc:PaymentDueDate')) fail('BR-CO-25');

  const means = all(doc, 'cac:PaymentMeans');
  for (const m of means) {
    const code = val(m, 'cbc:PaymentMeansCode');
    if ((code === '30' || code === '58') && !val(m, 'cac:PayeeFinancialAccount/cbc:ID')) fail('BR-61');
    if (code === '59' && !val(m, 'cac:PaymentMandate/cbc:ID')) fail('PEPPOL-EN16931-R061');
    if (sellerCountry === 'NL' && !['30', '48', '49', '57', '58', '59'].includes(code ?? '')) fail('NL-R-008', code);
  }

  if (sellerCountry === 'NL') {
    if (credit && !val(doc, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')) fail('NL-R-001');
    if (!val(sellerAddress, 'cbc:StreetName') || !val(sellerAddress, 'cbc:CityName') || !val(sellerAddress, 'cbc:PostalZone')) fail('NL-R-002');
    const scheme = attr(seller, 'cac:PartyLegalEntity/cbc:CompanyID', 'schemeID');
    if (!sellerLegalId || (scheme !== '0106' && scheme !== '0190')) fail('NL-R-003');
    if (buyerCountry === 'NL' && (!val(buyerAddress, 'cbc:StreetName') || !val(buyerAddress, 'cbc:CityName') || !val(buyerAddress, 'cbc:PostalZone'))) fail('NL-R-004');
    if (!credit && payable > 0 && means.length === 0) fail('NL-R-007');
  }
  return out;
}
