/**
 * Invoices a finance team can file (issue 8): the number series (R-INV-01), what art. 35a Wet OB
 * asks on every invoice (R-INV-02), EU B2B reverse charge (R-INV-03) and credit notes (R-CREDIT-01,
 * R-CREDIT-02), as given/when/then over `decide`. Amounts worked out by hand next to each.
 *
 * The customer is on INTO Telecom (004): business, prices excluding 21 % VAT, billed monthly in
 * advance from acceptance, 14 days to pay. Created 2 March 2026 with 3 seats × €50: invoice 0001
 * of 2 March for 2 March – 1 April, €150.00 net + €31.50 VAT = €181.50, due 16 March.
 */
import { describe, expect, it } from 'vitest';
import { Life, business, month } from '../test/support/life.js';
import { invoiceView, presetCatalog, type Address, type ProviderDetails } from './index.js';
import { line } from './context.js';
import { reverseChargeApplies, reverseCharged } from './invoicing.js';

const PROVIDER: ProviderDetails = {
  name: 'INTO Telecom B.V.', address: { street: 'Stationsplein 1', additionalStreet: null, postalCode: '3511 ED', city: 'Utrecht', country: 'NL' },
  kvk: '12345678', vatId: 'NL812345678B01', iban: 'NL91ABNA0417164300',
};
const ADDRESS: Address = { street: 'Bakkerstraat 12', additionalStreet: null, postalCode: '1012 AB', city: 'Amsterdam', country: 'NL' };

function given(extra: Parameters<typeof business>[1] = {}, last = 122): Life {
  const life = new Life('2026-03-02T09:00:00Z').provider(PROVIDER);
  life.billing = { ...life.billing, series: { id: 'LT', prefix: 'LT-', last } };
  life.send('customer.created', business('cus_1', extra));
  life.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'into-telecom', plan: month(5000), seats: 3 });
  return life;
}
const inv = (life: Life, seq: number) => life.invoice(`cus_1-${String(seq).padStart(4, '0')}`);
const pay = (life: Life, id: string, amountCents: number, when: string) => life.send('payment.succeeded', { paymentId: id, customerId: 'cus_1', amountCents, method: 'bank_transfer' }, when);

describe('R-INV-01 one gap-free number series per provider, credit notes in it; ids stay keys', () => {
  it('the first invoice takes the number after the series\' last (122 → LT-000123); its id stays cus_1-0001', () => {
    const life = given();
    expect(inv(life, 1)).toMatchObject({ id: 'cus_1-0001', number: 'LT-000123', kind: 'invoice', correctsInvoiceId: null });
    expect(life.last!.numbering).toEqual({ series: 'LT', last: 122, next: 124 });
  });

  it('the next period\'s invoice (2 April) and a credit note (10 April) take 124 and 125; a decision that issues nothing takes none', () => {
    const life = given();
    pay(life, 'pay_0', 18150, '2026-03-05T09:00:00Z');
    life.tickTo('2026-04-02T09:00:00Z');
    expect(inv(life, 2).number).toBe('LT-000124');
    life.send('invoice.credited', { invoiceId: 'cus_1-0002', amountCents: 1000, reason: 'storing 3 april' }, '2026-04-10T09:00:00Z');
    expect(inv(life, 3)).toMatchObject({ number: 'LT-000125', kind: 'credit_note', correctsInvoiceId: 'cus_1-0002' });
    expect(life.last!.numbering).toEqual({ series: 'LT', last: 124, next: 126 });
    pay(life, 'pay_1', 100, '2026-04-11T09:00:00Z');
    expect(life.last!.numbering).toBeNull();
  });

  it('the invoice e-mail names the number, not the id', () => {
    const life = given();
    expect(life.emails('invoice.issued')[0]!.facts).toMatchObject({ invoiceId: 'cus_1-0001', invoiceNumber: 'LT-000123' });
  });
});

describe('R-INV-02 the invoice shows provider, customer, rate per line, supply period and VAT per rate', () => {
  it('provider details as configured, the customer\'s billing address and VAT id, 21 % on the line, €150.00 + €31.50 per rate, period 2 March – 1 April', () => {
    const life = given({ billingAddress: ADDRESS, vatId: 'NL001234567B01' });
    const i = inv(life, 1);
    expect(i.seller).toEqual(PROVIDER);
    expect(i.buyer).toEqual({ name: 'Bakkerij De Vries B.V.', kind: 'business', address: ADDRESS, vatId: 'NL001234567B01' });
    expect(i.lines.map((l) => [l.vatCategory, l.vatRateBp, l.netCents, l.vatCents])).toEqual([['standard', 2100, 15000, 3150]]);
    expect(i.vatBreakdown).toEqual([{ vatCategory: 'standard', vatRateBp: 2100, netCents: 15000, vatCents: 3150 }]);
    expect(i.supplyPeriod).toEqual({ start: '2026-03-02', end: '2026-04-02' });
    expect(i).toMatchObject({ reverseCharge: false, vatNote: null, totalCents: 18150 });
  });

  it('customer.updated: a new address applies from the next invoice; the issued one keeps the address it was sent to', () => {
    const life = given({ billingAddress: ADDRESS });
    pay(life, 'pay_1', 18150, '2026-03-05T09:00:00Z');
    const moved: Address = { street: 'Havenweg 3', additionalStreet: 'Unit 4', postalCode: '3011 AA', city: 'Rotterdam', country: 'NL' };
    life.send('customer.updated', { customerId: 'cus_1', billingAddress: moved }, '2026-03-20T09:00:00Z');
    expect(life.eventsOf('CustomerUpdated').at(-1)).toMatchObject({ rule: 'R-INV-02', data: { changed: ['billingAddress'] } });
    life.tickTo('2026-04-02T09:00:00Z');
    expect(inv(life, 1).buyer.address).toEqual(ADDRESS);
    expect(inv(life, 2).buyer.address).toEqual(moved);
  });

  it('customer.updated that changes nothing is ignored', () => {
    const life = given({ billingAddress: ADDRESS });
    expect(life.send('customer.updated', { customerId: 'cus_1', billingAddress: ADDRESS }).outcome).toBe('ignored');
  });

  it('collection costs are no supply for VAT: not subject, 0 %, in a breakdown row of their own', () => {
    const life = given();
    // 17 March: 0001 overdue → default → WIK costs on €181.50, at least the profile's €250 (costs invoice 0002).
    life.tickTo('2026-03-17T09:00:00Z');
    const costs = life.invoices().find((i) => i.category === 'accessory')!;
    expect(costs.vatBreakdown).toEqual([{ vatCategory: 'not-subject', vatRateBp: 0, netCents: 25000, vatCents: 0 }]);
    expect(costs.supplyPeriod).toBeNull();
  });
});

describe('R-INV-03 EU B2B reverse charge', () => {
  it('a German business (DE VAT id, English): 0 %, €150.00 charged, "VAT reverse charged", its VAT id on the invoice', () => {
    const life = given({ vatId: 'de 123.456.789', language: 'en' });
    const i = inv(life, 1);
    expect(i).toMatchObject({ netCents: 15000, vatCents: 0, totalCents: 15000, reverseCharge: true, vatNote: 'VAT reverse charged' });
    expect(i.buyer.vatId).toBe('DE123456789');
    expect(i.lines.map((l) => [l.vatCategory, l.vatRateBp])).toEqual([['reverse-charge', 0]]);
    expect(i.vatBreakdown).toEqual([{ vatCategory: 'reverse-charge', vatRateBp: 0, netCents: 15000, vatCents: 0 }]);
  });

  it('a Belgian business in Dutch: "BTW verlegd"', () => {
    expect(inv(given({ vatId: 'BE0123456789' }), 1)).toMatchObject({ reverseCharge: true, vatNote: 'BTW verlegd', totalCents: 15000 });
  });

  it('a Dutch VAT id, no VAT id, or a VAT id outside the EU (CH): Dutch VAT, 21 % (€31.50)', () => {
    for (const vatId of ['NL001234567B01', undefined, 'CHE123456789']) {
      const i = inv(given(vatId === undefined ? {} : { vatId }), 1);
      expect([vatId, i.reverseCharge, i.vatCents, i.totalCents]).toEqual([vatId, false, 3150, 18150]);
    }
  });

  it('a VAT id given later by customer.updated reverse-charges the next invoice (2 April), not the one already issued', () => {
    const life = given();
    life.send('customer.updated', { customerId: 'cus_1', vatId: 'FR12345678901' }, '2026-03-10T09:00:00Z');
    expect(life.eventsOf('CustomerUpdated').at(-1)!.rule).toBe('R-INV-03');
    pay(life, 'pay_1', 18150, '2026-03-15T09:00:00Z');
    life.tickTo('2026-04-02T09:00:00Z');
    expect([inv(life, 1).totalCents, inv(life, 2).totalCents, inv(life, 2).reverseCharge]).toEqual([18150, 15000, true]);
  });

  it('prices that include VAT are charged net: €121.00 gross at 21 % is €100.00 net, charged at 0 %', () => {
    const l = line({ kind: 'subscription', description: 'x', subscriptionId: null, period: null, quantity: 1, unitCents: 12100, amountCents: 12100, rule: 'R-START-02', vat: { bp: 2100, included: true } });
    expect(reverseCharged(l)).toMatchObject({ netCents: 10000, vatCents: 0, grossCents: 10000, vatRateBp: 0, vatCategory: 'reverse-charge' });
  });

  it('recognises EU VAT ids by their prefix (Greece: EL), never the Netherlands, and only for businesses', () => {
    expect(['DE1', 'EL1', 'AT1', 'NL1', 'GB1', 'CH1'].map((vatId) => reverseChargeApplies({ kind: 'business', vatId }))).toEqual([true, true, true, false, false, false]);
    expect(reverseChargeApplies({ kind: 'consumer', vatId: 'DE123456789' })).toBe(false);
  });
});

describe('R-CREDIT-01 an invoice is corrected by a credit note of its own', () => {
  it('invoice.credited €50.00 of €181.50: −€41.32 net, −€8.68 VAT (3150 × 5000 / 18150 = 867.8 → 868), linked, reason kept; €131.50 left open', () => {
    const life = given();
    life.send('invoice.credited', { invoiceId: 'cus_1-0001', amountCents: 5000, reason: 'storing 5 maart' }, '2026-03-06T09:00:00Z');
    expect(inv(life, 2)).toMatchObject({
      kind: 'credit_note', correctsInvoiceId: 'cus_1-0001', creditReason: 'storing 5 maart', issuedOn: '2026-03-06', netCents: -4132, vatCents: -868, totalCents: -5000,
      vatBreakdown: [{ vatCategory: 'standard', vatRateBp: 2100, netCents: -4132, vatCents: -868 }], supplyPeriod: { start: '2026-03-02', end: '2026-04-02' }, seller: PROVIDER,
    });
    expect(inv(life, 1)).toMatchObject({ creditedCents: 5000, paidCents: 0 });
    expect(invoiceView(life.state!, inv(life, 1), presetCatalog, life.now)).toMatchObject({ openCents: 13150, status: 'open', number: 'LT-000123' });
    expect(life.emails('credit_note.issued')[0]!.facts).toMatchObject({ invoiceNumber: 'LT-000124', correctsNumber: 'LT-000123', amountCents: 5000 });
  });

  it('the rest without an amount: −€131.50 = −€108.68 net, −€22.82 VAT (3150 × 13150 / 18150 = 2282.2); both notes add up to the invoice exactly', () => {
    const life = given();
    life.send('invoice.credited', { invoiceId: 'cus_1-0001', amountCents: 5000, reason: 'storing' }, '2026-03-06T09:00:00Z');
    life.send('invoice.credited', { invoiceId: 'cus_1-0001', reason: 'contract herzien' }, '2026-03-07T09:00:00Z');
    expect(inv(life, 3)).toMatchObject({ netCents: -10868, vatCents: -2282, totalCents: -13150 });
    expect(inv(life, 2).netCents + inv(life, 3).netCents).toBe(-15000);
    expect(invoiceView(life.state!, inv(life, 1), presetCatalog, life.now)).toMatchObject({ openCents: 0, creditedCents: 18150, status: 'credited' });
    expect(invoiceView(life.state!, inv(life, 3), presetCatalog, life.now).status).toBe('credit_note');
  });

  it('a full credit at once negates every line as it was (3 × −€50.00)', () => {
    const life = given();
    life.send('invoice.credited', { invoiceId: 'cus_1-0001', reason: 'dubbel gefactureerd' }, '2026-03-06T09:00:00Z');
    expect(inv(life, 2).lines.map((l) => [l.quantity, l.unitCents, l.netCents, l.vatCents, l.grossCents])).toEqual([[3, -5000, -15000, -3150, -18150]]);
  });

  it('more than is left is refused with the reason, and nothing is issued; a credit note cannot be credited', () => {
    const life = given();
    life.send('invoice.credited', { invoiceId: 'cus_1-0001', amountCents: 5000, reason: 'storing' }, '2026-03-06T09:00:00Z');
    const d = life.send('invoice.credited', { invoiceId: 'cus_1-0001', amountCents: 14000, reason: 'te veel' }, '2026-03-07T09:00:00Z');
    expect(d.outcome).toBe('refused');
    expect(d.refusal).toEqual({ rule: 'R-CREDIT-01', reason: 'invoice LT-000123 has 13150 cents left to credit; 14000 asked' });
    expect(d.numbering).toBeNull();
    expect(life.send('invoice.credited', { invoiceId: 'cus_1-0002', reason: 'x' }, '2026-03-08T09:00:00Z').outcome).toBe('refused');
  });

  it('a withdrawn cancellation\'s early-termination fee is credited in full (R-NOTICE-06, R-EARLY-01)', () => {
    const life = given();
    pay(life, 'pay_1', 18150, '2026-03-05T09:00:00Z');
    life.send('cancellation.requested', { subscriptionId: 'sub_1', channel: 'registered_mail', requestedEndDate: '2026-05-01' }, '2026-03-12T09:00:00Z');
    const fee = life.invoices().find((i) => i.lines.some((l) => l.kind === 'early-termination'))!;
    const sub = life.sub('sub_1');
    expect(sub.status === 'live' && sub.cancellation?.feeInvoiceId).toBe(fee.id);
    life.send('cancellation.withdrawn', { subscriptionId: 'sub_1' }, '2026-03-20T09:00:00Z');
    const note = life.invoices().find((i) => i.kind === 'credit_note')!;
    expect(note).toMatchObject({ correctsInvoiceId: fee.id, totalCents: -fee.totalCents, netCents: -fee.netCents });
    expect(life.invoice(fee.id).creditedCents).toBe(fee.totalCents);
    expect(note.creditReason).toBe('uw opzegging is ingetrokken; de vergoeding voor voortijdige beëindiging vervalt');
  });
});

describe('R-CREDIT-02 credit is allocated like a payment', () => {
  it('a paid invoice credited in full: its €181.50 payment is freed and pays the oldest open invoice (April\'s 0002) in full', () => {
    const life = given();
    pay(life, 'pay_1', 18150, '2026-03-05T09:00:00Z');
    life.tickTo('2026-04-02T09:00:00Z');
    expect(inv(life, 2)).toMatchObject({ totalCents: 18150, paidCents: 0 });
    life.send('invoice.credited', { invoiceId: 'cus_1-0001', reason: 'storing maart' }, '2026-04-10T09:00:00Z');
    expect(inv(life, 1)).toMatchObject({ paidCents: 0, creditedCents: 18150 });
    expect(inv(life, 2)).toMatchObject({ paidCents: 18150 });
    expect(life.state!.creditCents).toBe(0);
  });

  it('what nothing open takes is credit for the next invoice: €50.00 off the paid April invoice becomes credit, the May invoice takes it (€131.50 left)', () => {
    const life = given();
    pay(life, 'pay_1', 18150, '2026-03-05T09:00:00Z');
    life.tickTo('2026-04-02T09:00:00Z');
    pay(life, 'pay_2', 18150, '2026-04-03T09:00:00Z');
    life.send('invoice.credited', { invoiceId: 'cus_1-0002', amountCents: 5000, reason: 'storing april' }, '2026-04-10T09:00:00Z');
    expect(inv(life, 2)).toMatchObject({ paidCents: 13150, creditedCents: 5000 });
    expect(life.state!.creditCents).toBe(5000);
    life.tickTo('2026-05-02T09:00:00Z');
    const may = life.invoices().find((i) => i.issuedOn === '2026-05-02')!;
    expect([may.totalCents, may.paidCents]).toEqual([18150, 5000]);
    expect(life.state!.creditCents).toBe(0);
  });

  it('an upheld dispute of a paid invoice: the credit note frees the payment, which becomes credit (R-PAY-05)', () => {
    const life = given();
    pay(life, 'pay_1', 18150, '2026-03-05T09:00:00Z');
    life.send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-03-06T09:00:00Z');
    life.send('invoice.dispute_resolved', { invoiceId: 'cus_1-0001', outcome: 'upheld' }, '2026-03-09T09:00:00Z');
    expect(inv(life, 2)).toMatchObject({ kind: 'credit_note', correctsInvoiceId: 'cus_1-0001', totalCents: -18150, number: 'LT-000124' });
    expect(inv(life, 1)).toMatchObject({ paidCents: 0, writtenOffCents: 0, creditedCents: 18150 });
    expect(life.state!.creditCents).toBe(18150);
  });
});
