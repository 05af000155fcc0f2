/** Hand-made invoice documents for the document tests: amounts worked out by hand in the comments. */
import type { InvoiceDocument } from '../../documents/invoice-document.js';

export const SELLER = {
  name: 'Totaal Internet Groep B.V.',
  address: { street: 'Keizersgracht 123', additionalStreet: null, postalCode: '1015 CJ', city: 'Amsterdam', country: 'NL' },
  kvk: '12345678',
  vatId: 'NL123456789B01',
  iban: 'NL91ABNA0417164300',
} as const;

/**
 * 003 on calendar months: created 15 January 2027, €200.00 a month excl. VAT, billed in arrears on
 * 1 February: 15–31 January = 17/31 × €200.00 = €109.677… → €109.68; VAT 21 % = €23.0328 → €23.03;
 * total €132.71, due 30 days later on 3 March 2027.
 */
export const JANUARY: InvoiceDocument = {
  id: 'cus_1-0001', number: 'LT-000001', kind: 'invoice', correctsInvoiceId: null, correctsNumber: null, correctsIssuedOn: null, creditReason: null,
  language: 'nl', issuedOn: '2027-02-01', dueOn: '2027-03-03', supplyPeriod: { first: '2027-01-15', last: '2027-01-31' },
  seller: SELLER,
  buyer: {
    customerId: 'cus_1', name: 'Bakkerij De Vries & Zn.', kind: 'business', email: 'administratie@bakkerij.example',
    address: { street: 'Dorpsstraat 1', additionalStreet: null, postalCode: '1234 AB', city: 'Ëlst', country: 'NL' }, vatId: 'NL987654321B01',
  },
  lines: [{
    kind: 'subscription', description: 'Internet Zakelijk, 1 × 2027-01-15 – 2027-01-31', period: { first: '2027-01-15', last: '2027-01-31' },
    quantity: 1, unitCents: 20000, netCents: 10968, vatRateBp: 2100, vatCategory: 'standard', vatCents: 2303, grossCents: 13271,
  }],
  vatBreakdown: [{ vatCategory: 'standard', vatRateBp: 2100, netCents: 10968, vatCents: 2303 }],
  netCents: 10968, vatCents: 2303, totalCents: 13271, reverseCharge: false, vatNote: null, directDebit: false,
};

/**
 * English customer paying by direct debit. Three seats at €12.50 for February 2027 (3 × €12.50 =
 * €37.50, VAT 21 % = 7.875 → €7.88), a 2 % surcharge of €0.75 (VAT 0.1575 → €0.16), and a line
 * prorated over 11 of 28 days: 5 seats × €10.00 × 11/28 = €19.642… → €19.64 (VAT 4.1244 → €4.12).
 * Net €57.89, VAT €12.16, total €70.05.
 */
export const SEATS: InvoiceDocument = {
  ...JANUARY,
  id: 'cus_2-0003', number: 'LT-000007', language: 'en', issuedOn: '2027-03-01', dueOn: '2027-03-31', supplyPeriod: { first: '2027-02-01', last: '2027-02-28' },
  buyer: { customerId: 'cus_2', name: 'Smith Ltd', kind: 'business', email: 'ap@smith.example', address: { street: 'High Street 5', additionalStreet: 'Unit 2', postalCode: '1017 AB', city: 'Amsterdam', country: 'NL' }, vatId: null },
  lines: [
    { kind: 'subscription', description: 'Werkplek Plus, 3 × 2027-02-01 – 2027-02-28', period: { first: '2027-02-01', last: '2027-02-28' }, quantity: 3, unitCents: 1250, netCents: 3750, vatRateBp: 2100, vatCategory: 'standard', vatCents: 788, grossCents: 4538 },
    { kind: 'surcharge', description: 'Surcharge for payment without direct debit (2%)', period: { first: '2027-02-01', last: '2027-02-28' }, quantity: 1, unitCents: 75, netCents: 75, vatRateBp: 2100, vatCategory: 'standard', vatCents: 16, grossCents: 91 },
    { kind: 'subscription', description: 'Opslag, 5 × 2027-02-18 – 2027-02-28', period: { first: '2027-02-18', last: '2027-02-28' }, quantity: 5, unitCents: 1000, netCents: 1964, vatRateBp: 2100, vatCategory: 'standard', vatCents: 412, grossCents: 2376 },
  ],
  vatBreakdown: [{ vatCategory: 'standard', vatRateBp: 2100, netCents: 5789, vatCents: 1216 }],
  netCents: 5789, vatCents: 1216, totalCents: 7005, directDebit: true,
};

/** A German business (VAT id DE…): reverse charged, €200.00 at 0 %, "BTW verlegd". */
export const REVERSE: InvoiceDocument = {
  ...JANUARY,
  id: 'cus_3-0001', number: 'LT-000008',
  buyer: { customerId: 'cus_3', name: 'Müller GmbH', kind: 'business', email: 'rechnung@mueller.example', address: { street: 'Hauptstraße 7', additionalStreet: null, postalCode: '10115', city: 'Berlin', country: 'DE' }, vatId: 'DE123456789' },
  lines: [{ ...JANUARY.lines[0]!, netCents: 20000, vatRateBp: 0, vatCategory: 'reverse-charge', vatCents: 0, grossCents: 20000, period: { first: '2027-01-01', last: '2027-01-31' } }],
  supplyPeriod: { first: '2027-01-01', last: '2027-01-31' },
  vatBreakdown: [{ vatCategory: 'reverse-charge', vatRateBp: 0, netCents: 20000, vatCents: 0 }],
  netCents: 20000, vatCents: 0, totalCents: 20000, reverseCharge: true, vatNote: 'BTW verlegd',
};

/** The credit note of JANUARY in full (R-CREDIT-01): −€109.68 net, −€23.03 VAT, −€132.71. */
export const CREDIT: InvoiceDocument = {
  ...JANUARY,
  id: 'cus_1-0002', number: 'LT-000009', kind: 'credit_note', correctsInvoiceId: 'cus_1-0001', correctsNumber: 'LT-000001', correctsIssuedOn: '2027-02-01',
  creditReason: 'Geschil gegrond verklaard', issuedOn: '2027-02-20', dueOn: '2027-02-20',
  lines: [{ ...JANUARY.lines[0]!, quantity: 1, unitCents: -20000, netCents: -10968, vatCents: -2303, grossCents: -13271 }],
  vatBreakdown: [{ vatCategory: 'standard', vatRateBp: 2100, netCents: -10968, vatCents: -2303 }],
  netCents: -10968, vatCents: -2303, totalCents: -13271,
};

/** Collection costs only (not subject to VAT): €40.00 (15 % of €132.71 = €19.91, the minimum €40 applies). */
export const COSTS: InvoiceDocument = {
  ...JANUARY,
  id: 'cus_1-0003', number: 'LT-000010', issuedOn: '2027-04-02', dueOn: '2027-04-16', supplyPeriod: null,
  lines: [{ kind: 'collection-costs', description: 'Collection costs on invoice cus_1-0001 (WIK)', period: null, quantity: 1, unitCents: 4000, netCents: 4000, vatRateBp: 0, vatCategory: 'not-subject', vatCents: 0, grossCents: 4000 }],
  vatBreakdown: [{ vatCategory: 'not-subject', vatRateBp: 0, netCents: 4000, vatCents: 0 }],
  netCents: 4000, vatCents: 0, totalCents: 4000,
};

/** A final invoice with a subscription line and late interest: S 21 % and the interest as exempt (E, BR-O-11). €1.234,56 net subscription. */
export const MIXED: InvoiceDocument = {
  ...JANUARY,
  id: 'cus_1-0004', number: 'LT-000011', issuedOn: '2027-05-01', dueOn: '2027-05-31', supplyPeriod: { first: '2027-04-01', last: '2027-04-30' },
  lines: [
    { kind: 'subscription', description: 'Internet Zakelijk, 1 × 2027-04-01 – 2027-04-30', period: { first: '2027-04-01', last: '2027-04-30' }, quantity: 1, unitCents: 123456, netCents: 123456, vatRateBp: 2100, vatCategory: 'standard', vatCents: 25926, grossCents: 149382 },
    { kind: 'interest', description: 'Late interest on cus_1-0001', period: null, quantity: 1, unitCents: 117, netCents: 117, vatRateBp: 0, vatCategory: 'not-subject', vatCents: 0, grossCents: 117 },
  ],
  vatBreakdown: [
    { vatCategory: 'standard', vatRateBp: 2100, netCents: 123456, vatCents: 25926 },
    { vatCategory: 'not-subject', vatRateBp: 0, netCents: 117, vatCents: 0 },
  ],
  netCents: 123573, vatCents: 25926, totalCents: 149499,
};

/** The reverse-charged invoice credited in part (R-CREDIT-01, R-INV-03): −€50.00 at 0 % (AE), "BTW verlegd" kept. */
export const CREDIT_REVERSE: InvoiceDocument = {
  ...REVERSE,
  id: 'cus_3-0002', number: 'LT-000012', kind: 'credit_note', correctsInvoiceId: 'cus_3-0001', correctsNumber: 'LT-000008', correctsIssuedOn: '2027-02-01',
  creditReason: 'Storing 5 januari', issuedOn: '2027-02-10', dueOn: '2027-02-10',
  lines: [{ ...REVERSE.lines[0]!, description: 'Creditering: Internet Zakelijk', quantity: 1, unitCents: -5000, netCents: -5000, vatCents: 0, grossCents: -5000 }],
  vatBreakdown: [{ vatCategory: 'reverse-charge', vatRateBp: 0, netCents: -5000, vatCents: 0 }],
  netCents: -5000, vatCents: 0, totalCents: -5000,
};

/** The collection costs credited in full (an upheld dispute takes them along): −€40.00, outside the scope of VAT (O, 0 %). */
export const CREDIT_COSTS: InvoiceDocument = {
  ...COSTS,
  id: 'cus_1-0005', number: 'LT-000013', kind: 'credit_note', correctsInvoiceId: 'cus_1-0003', correctsNumber: 'LT-000010', correctsIssuedOn: '2027-04-02',
  creditReason: 'Geschil gegrond verklaard', issuedOn: '2027-04-20', dueOn: '2027-04-20',
  lines: [{ ...COSTS.lines[0]!, unitCents: -4000, netCents: -4000, grossCents: -4000 }],
  vatBreakdown: [{ vatCategory: 'not-subject', vatRateBp: 0, netCents: -4000, vatCents: 0 }],
  netCents: -4000, vatCents: 0, totalCents: -4000,
};

/**
 * A prepaid year cut short (R-CREDIT-03): €240.00 a year incl. VAT, ended 1 October 2026; 151 of 365
 * days credited, 24000 × 151/365 = 9928.77 → €99.29; net 9929/1.21 = 8205.79 → €82.06, VAT €17.23.
 */
export const CUT_SHORT: InvoiceDocument = {
  ...CREDIT,
  id: 'cus_1-0006', number: 'LT-000014', correctsInvoiceId: 'cus_1-0004', correctsNumber: 'LT-000011', correctsIssuedOn: '2026-03-01',
  creditReason: 'uw abonnement eindigt per 1 oktober 2026; de vooruit gefactureerde dagen daarna worden naar rato gecrediteerd', issuedOn: '2026-10-01', dueOn: '2026-10-01',
  supplyPeriod: { first: '2026-10-01', last: '2027-02-28' },
  lines: [{
    kind: 'subscription', description: 'Onderhoud, niet gebruikte dagen 1 oktober 2026 – 28 februari 2027 (151 dagen)', period: { first: '2026-10-01', last: '2027-02-28' },
    quantity: 1, unitCents: -8206, netCents: -8206, vatRateBp: 2100, vatCategory: 'standard', vatCents: -1723, grossCents: -9929,
  }],
  vatBreakdown: [{ vatCategory: 'standard', vatRateBp: 2100, netCents: -8206, vatCents: -1723 }],
  netCents: -8206, vatCents: -1723, totalCents: -9929,
};

export const ALL = { JANUARY, SEATS, REVERSE, CREDIT, COSTS, MIXED, CREDIT_REVERSE, CREDIT_COSTS, CUT_SHORT };
