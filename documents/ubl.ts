/**
 * The e-invoice: UBL 2.1 in the Peppol BIS Billing 3.0 profile, which the Dutch NLCIUS accepts
 * (docs/documents.md). An invoice is an `Invoice` (type code 380), a credit note a `CreditNote`
 * (381) that references the invoice it corrects. Built with fast-xml-parser's XMLBuilder, element
 * order as the UBL 2.1 XSD demands it.
 *
 * Mapping decisions (EN 16931 / BIS 3.0):
 * - Amounts of a credit note are positive (the document type says it is a credit); an invoice line
 *   with a negative amount gets a negative quantity and a positive price (BR-27).
 * - The price is the line's net amount for a base quantity of the line's quantity when the net
 *   does not divide evenly (prorated periods, prices including VAT), so quantity × price equals the
 *   net exactly (PEPPOL-EN16931-R120).
 * - VAT categories: standard → S, reverse charge → AE (VATEX-EU-AE), not subject → O (VATEX-EU-O)
 *   when the whole document is outside the scope of VAT (a collection-costs invoice), otherwise E
 *   with the reason, because O may not be mixed with other categories (BR-O-11).
 * - Electronic addresses: the seller by KvK number (scheme 0106), the buyer by e-mail (scheme EM).
 * - Payment means 58 (SEPA credit transfer) to the seller's IBAN, or 59 (SEPA direct debit) with the
 *   customer id as mandate reference, on invoices only.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { DocumentLine, DocumentVatCategory, InvoiceDocument } from './invoice-document.js';
import { lineLabel } from './format.js';

export const CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const NS = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const;

type Node = Record<string, unknown>;

/** Cents as a UBL amount: "109.68", never more than two decimals (BR-DEC). */
const dec = (cents: number): string => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const amount = (cents: number): Node => ({ '@_currencyID': 'EUR', '#text': dec(cents) });
const percent = (bp: number): string => (bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2));

interface UblCategory {
  readonly id: 'S' | 'AE' | 'O' | 'E';
  readonly percent: string | null;
  readonly reasonCode: string | null;
  readonly reason: string | null;
}

function categoryOf(category: DocumentVatCategory, bp: number, onlyOutOfScope: boolean, lang: 'nl' | 'en'): UblCategory {
  switch (category) {
    case 'standard':
      return { id: 'S', percent: percent(bp), reasonCode: null, reason: null };
    case 'reverse-charge':
      return { id: 'AE', percent: '0', reasonCode: 'VATEX-EU-AE', reason: lang === 'nl' ? 'BTW verlegd' : 'Reverse charge' };
    case 'not-subject':
      return onlyOutOfScope
        ? { id: 'O', percent: null, reasonCode: 'VATEX-EU-O', reason: lang === 'nl' ? 'Niet onderworpen aan btw' : 'Not subject to VAT' }
        : { id: 'E', percent: '0', reasonCode: null, reason: lang === 'nl' ? 'Schadevergoeding, geen levering of dienst (buiten de btw)' : 'Compensation, no supply for VAT purposes' };
    default: {
      const never: never = category;
      throw new RangeError(`unknown VAT category ${String(never)}`);
    }
  }
}

const taxScheme = { 'cac:TaxScheme': { 'cbc:ID': 'VAT' } };

function taxCategory(c: UblCategory, tag: 'cac:TaxCategory' | 'cac:ClassifiedTaxCategory', withReason: boolean): Node {
  return {
    [tag]: {
      'cbc:ID': c.id,
      ...(c.percent !== null && { 'cbc:Percent': c.percent }),
      ...(withReason && c.reasonCode && { 'cbc:TaxExemptionReasonCode': c.reasonCode }),
      ...(withReason && c.reason && { 'cbc:TaxExemptionReason': c.reason }),
      ...taxScheme,
    },
  };
}

function address(a: { street: string; additionalStreet: string | null; city: string; postalCode: string; country: string } | null, fallbackCountry: string): Node {
  if (!a) return { 'cac:Country': { 'cbc:IdentificationCode': fallbackCountry } };
  return {
    'cbc:StreetName': a.street,
    ...(a.additionalStreet && { 'cbc:AdditionalStreetName': a.additionalStreet }),
    'cbc:CityName': a.city,
    'cbc:PostalZone': a.postalCode,
    'cac:Country': { 'cbc:IdentificationCode': a.country },
  };
}

/** The line's quantity and price so that quantity × (price / base quantity) is the net exactly (R120), price never negative (BR-27). */
function quantityAndPrice(l: DocumentLine, sign: 1 | -1): { quantity: number; price: Node; base: number | null } {
  const net = sign * l.netCents;
  const q = l.quantity > 0 ? l.quantity : 1;
  const quantity = net < 0 ? -q : q;
  const abs = Math.abs(net);
  if (Number.isInteger(q) && abs % q === 0) return { quantity, price: amount(abs / q), base: null };
  return { quantity, price: amount(abs), base: q };
}

/** The UBL 2.1 XML (Peppol BIS Billing 3.0) of an invoice or credit note. */
export function ublDocument(doc: InvoiceDocument): string {
  const credit = doc.kind === 'credit_note';
  const root = credit ? 'CreditNote' : 'Invoice';
  const sign: 1 | -1 = credit ? -1 : 1;
  const lang = doc.language;
  const onlyOutOfScope = doc.lines.length > 0 && doc.lines.every((l) => l.vatCategory === 'not-subject');
  const vatIds = !onlyOutOfScope; // BR-O-02: no VAT identifiers on a document outside the scope of VAT
  const notes = [doc.creditReason, doc.vatNote].filter((n): n is string => !!n);

  const seller: Node = {
    'cbc:EndpointID': { '@_schemeID': '0106', '#text': doc.seller.kvk },
    'cac:PartyIdentification': { 'cbc:ID': { '@_schemeID': '0106', '#text': doc.seller.kvk } },
    'cac:PartyName': { 'cbc:Name': doc.seller.name },
    'cac:PostalAddress': address(doc.seller.address, 'NL'),
    ...(vatIds && { 'cac:PartyTaxScheme': { 'cbc:CompanyID': doc.seller.vatId, ...taxScheme } }),
    'cac:PartyLegalEntity': { 'cbc:RegistrationName': doc.seller.name, 'cbc:CompanyID': { '@_schemeID': '0106', '#text': doc.seller.kvk } },
  };
  const buyerCountry = doc.buyer.address?.country ?? (doc.buyer.vatId ? doc.buyer.vatId.slice(0, 2).replace('EL', 'GR') : 'NL');
  const buyer: Node = {
    'cbc:EndpointID': { '@_schemeID': 'EM', '#text': doc.buyer.email || `${doc.buyer.customerId}@invalid` },
    'cac:PartyIdentification': { 'cbc:ID': doc.buyer.customerId },
    'cac:PartyName': { 'cbc:Name': doc.buyer.name },
    'cac:PostalAddress': address(doc.buyer.address, buyerCountry),
    ...(vatIds && doc.buyer.vatId && { 'cac:PartyTaxScheme': { 'cbc:CompanyID': doc.buyer.vatId, ...taxScheme } }),
    'cac:PartyLegalEntity': { 'cbc:RegistrationName': doc.buyer.name },
  };

  const subtotals = doc.vatBreakdown.map((v) => ({
    'cbc:TaxableAmount': amount(sign * v.netCents),
    'cbc:TaxAmount': amount(sign * v.vatCents),
    ...taxCategory(categoryOf(v.vatCategory, v.vatRateBp, onlyOutOfScope, lang), 'cac:TaxCategory', true),
  }));

  const lines = doc.lines.map((l, i) => {
    const { quantity, price, base } = quantityAndPrice(l, sign);
    const label = lineLabel(l, lang);
    return {
      'cbc:ID': String(i + 1),
      [credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity']: { '@_unitCode': 'C62', '#text': String(quantity) },
      'cbc:LineExtensionAmount': amount(sign * l.netCents),
      ...(l.period && { 'cac:InvoicePeriod': { 'cbc:StartDate': l.period.first, 'cbc:EndDate': l.period.last } }),
      'cac:Item': {
        'cbc:Name': label.slice(0, 200),
        ...taxCategory(categoryOf(l.vatCategory, l.vatRateBp, onlyOutOfScope, lang), 'cac:ClassifiedTaxCategory', false),
      },
      'cac:Price': { 'cbc:PriceAmount': price, ...(base !== null && { 'cbc:BaseQuantity': { '@_unitCode': 'C62', '#text': String(base) } }) },
    };
  });

  const total = sign * doc.totalCents;
  const body: Node = {
    '@_xmlns': NS[root],
    '@_xmlns:cac': NS.cac,
    '@_xmlns:cbc': NS.cbc,
    'cbc:CustomizationID': CUSTOMIZATION_ID,
    'cbc:ProfileID': PROFILE_ID,
    'cbc:ID': doc.number,
    'cbc:IssueDate': doc.issuedOn,
    ...(!credit && { 'cbc:DueDate': doc.dueOn }),
    [credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode']: credit ? '381' : '380',
    ...(notes.length > 0 && { 'cbc:Note': notes.join(' — ') }), // PEPPOL-EN16931-R002: at most one note
    'cbc:DocumentCurrencyCode': 'EUR',
    'cbc:BuyerReference': doc.buyer.customerId,
    ...(doc.supplyPeriod && { 'cac:InvoicePeriod': { 'cbc:StartDate': doc.supplyPeriod.first, 'cbc:EndDate': doc.supplyPeriod.last } }),
    ...(credit && doc.correctsNumber && {
      'cac:BillingReference': { 'cac:InvoiceDocumentReference': { 'cbc:ID': doc.correctsNumber, ...(doc.correctsIssuedOn && { 'cbc:IssueDate': doc.correctsIssuedOn }) } },
    }),
    'cac:AccountingSupplierParty': { 'cac:Party': seller },
    'cac:AccountingCustomerParty': { 'cac:Party': buyer },
    ...(!credit && total > 0 && {
      'cac:PaymentMeans': doc.directDebit
        ? { 'cbc:PaymentMeansCode': '59', 'cbc:PaymentID': doc.number, 'cac:PaymentMandate': { 'cbc:ID': doc.buyer.customerId } }
        : { 'cbc:PaymentMeansCode': '58', 'cbc:PaymentID': doc.number, 'cac:PayeeFinancialAccount': { 'cbc:ID': doc.seller.iban.replace(/\s+/g, ''), 'cbc:Name': doc.seller.name } },
      'cac:PaymentTerms': { 'cbc:Note': lang === 'nl' ? `Te betalen uiterlijk ${doc.dueOn}` : `Payable by ${doc.dueOn}` },
    }),
    // BR-CO-25 asks terms for every positive amount due, a credit note's too.
    ...(credit && total > 0 && { 'cac:PaymentTerms': { 'cbc:Note': lang === 'nl' ? 'Wordt verrekend met openstaande facturen of terugbetaald' : 'Set off against open invoices or refunded' } }),
    'cac:TaxTotal': { 'cbc:TaxAmount': amount(sign * doc.vatCents), 'cac:TaxSubtotal': subtotals },
    'cac:LegalMonetaryTotal': {
      'cbc:LineExtensionAmount': amount(sign * doc.netCents),
      'cbc:TaxExclusiveAmount': amount(sign * doc.netCents),
      'cbc:TaxInclusiveAmount': amount(total),
      'cbc:PayableAmount': amount(total),
    },
    [credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine']: lines,
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', format: true, suppressBooleanAttributes: false });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: body }) as string}`;
}
