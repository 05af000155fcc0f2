/**
 * R-CREDIT-03: a period billed in advance that the subscription does not live to the end of is
 * credited for the days after the end, pro rata by days (R-MONEY-01, half-up once per line), by a
 * credit note on the invoice that billed them — except the days remaining charges (R-EARLY-01)
 * still claim. Amounts worked out by hand next to each assertion.
 */
import { describe, expect, it } from 'vitest';
import { Life, business, consumer, month, year } from '../test/support/life.js';
import type { Invoice } from './types.js';

const pay = (life: Life, amountCents: number, when: string, invoiceId?: string) =>
  life.send('payment.succeeded', { paymentId: `pay_${when}_${amountCents}`, customerId: life.state!.customer.id, amountCents, method: 'ideal', ...(invoiceId && { invoiceId }) }, when);
const creditNotes = (l: Life): Invoice[] => l.invoices().filter((i) => i.kind === 'credit_note');
const cutShort = (l: Life) => l.eventsOf('CreditNoteIssued').filter((e) => e.rule === 'R-CREDIT-03');

/**
 * Total Progress (000), consumer, €240.00 a year incl. 21 % VAT, in advance from the day of the
 * first payment: 1 March 2026. The first year 1 March 2026 – 28 February 2027 (365 days) is billed
 * at the start.
 */
function yearOne(): Life {
  const l = new Life('2026-03-01T09:00:00+01:00');
  l.send('customer.created', consumer());
  l.send('subscription.created', { subscriptionId: 'sub_tp', customerId: 'cus_c', termsId: 'total-progress', plan: year(24000), seats: 1 });
  pay(l, 24000, '2026-03-01T10:00:00+01:00');
  return l;
}

/** New terms from `on`; the consumer leaves on that day (000 §1.8, R-DISS-04), telling on 1 February 2027 at the latest. */
function leavesOnNewTerms(on: string, told = '2026-09-15T10:00:00+02:00'): Life {
  const l = yearOne();
  l.send('terms.changed', { termsId: 'total-progress', effectiveAt: on, summary: 'nieuwe voorwaarden' }, '2026-08-01T10:00:00+02:00');
  l.send('cancellation.requested', { subscriptionId: 'sub_tp', channel: 'email' }, told);
  return l;
}

describe('R-CREDIT-03 total-progress (000 §1.8): a consumer leaves on new terms inside the prepaid year', () => {
  it('ends 1 October 2026: 1 October – 28 February is 151 of 365 days, €240.00 × 151/365 = €99.29 incl. VAT credited on the year\'s invoice', () => {
    const l = leavesOnNewTerms('2026-10-01');
    expect(creditNotes(l)).toEqual([]);
    l.tickTo('2026-10-01');
    // 31 + 30 + 31 + 31 + 28 = 151 days. 24000 × 151 / 365 = 9928.77 → 9929 (prices incl. VAT);
    // net 9929 / 1.21 = 8205.79 → 8206, VAT 9929 − 8206 = 1723.
    const [note] = creditNotes(l);
    expect(note).toMatchObject({ correctsInvoiceId: l.invoices()[0]!.id, issuedOn: '2026-10-01', totalCents: -9929, netCents: -8206, vatCents: -1723 });
    expect(note!.lines.map((x) => [x.period, x.quantity, x.netCents, x.vatCents, x.vatRateBp, x.rule, x.description])).toEqual([
      [{ start: '2026-10-01', end: '2027-03-01' }, 1, -8206, -1723, 2100, 'R-CREDIT-03', 'Onderhoud, niet gebruikte dagen 1 oktober 2026 – 28 februari 2027 (151 dagen)'],
    ]);
    expect(cutShort(l)[0]).toMatchObject({ rule: 'R-CREDIT-03', source: expect.stringContaining('6:271 BW') });
    expect(note!.creditReason).toBe('uw abonnement eindigt per 1 oktober 2026; de vooruit gefactureerde dagen daarna worden naar rato gecrediteerd');
    // R-CREDIT-02: the year was paid, so the credit is the customer's balance (the refund is the provider's to make).
    expect(l.state!.creditCents).toBe(9929);
    expect(l.ended('sub_tp').endedOn).toBe('2026-10-01');
  });

  it('ends on the last day of the period (28 February 2027): one day, €240.00 / 365 = €0.66', () => {
    const l = leavesOnNewTerms('2027-02-28');
    l.tickTo('2027-02-28');
    // 24000 / 365 = 65.75 → 66; net 66 / 1.21 = 54.55 → 55, VAT 11.
    expect(creditNotes(l).map((n) => [n.totalCents, n.netCents, n.vatCents, n.lines[0]!.period])).toEqual([[-66, -55, -11, { start: '2027-02-28', end: '2027-03-01' }]]);
  });

  it('ends the day after the period (1 March 2027): nothing was billed beyond it, nothing credited, no second year billed', () => {
    const l = leavesOnNewTerms('2027-03-01', '2027-01-15T10:00:00+01:00');
    l.tickTo('2027-03-02');
    expect(l.ended('sub_tp').endedOn).toBe('2027-03-01');
    expect(creditNotes(l)).toEqual([]);
    expect(l.invoices()).toHaveLength(1);
  });
});

describe('R-CREDIT-03 total-progress (000 §3.11–3.12): a consumer dies in the second, leap year', () => {
  it('dissolved 10 May 2027: a month\'s notice is claimed (R-DISS-02), 10 June 2027 – 29 February 2028 is 265 of 366 days: €173.77 credited', () => {
    const l = yearOne();
    l.tickTo('2027-03-01');
    // The consumer's contract continues indefinitely (R-RENEW-03); the second year, 1 March 2027 – 29 February 2028 (366 days), is billed on 1 March.
    const second = l.invoices().find((i) => i.issuedOn === '2027-03-01')!;
    pay(l, 24000, '2027-03-02T10:00:00+01:00', second.id);
    l.send('customer.insolvency_reported', { customerId: 'cus_c', kind: 'death' }, '2027-05-10T10:00:00+02:00');
    l.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_tp' }, '2027-05-10T11:00:00+02:00');
    expect(l.ended('sub_tp').endedOn).toBe('2027-05-10');
    expect(l.eventsOf('SubscriptionDissolved')[0]!.data).toMatchObject({ remainingUntil: '2027-06-10', remainingChargesCents: 0 });
    // 21 (10–30 June) + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 29 = 265 days of 366.
    // 24000 × 265 / 366 = 17377.05 → 17377 incl. VAT; net 17377 / 1.21 = 14361.16 → 14361, VAT 3016.
    const [note] = creditNotes(l);
    expect(note).toMatchObject({ correctsInvoiceId: second.id, issuedOn: '2027-05-10', totalCents: -17377, netCents: -14361, vatCents: -3016 });
    expect(note!.lines[0]!.period).toEqual({ start: '2027-06-10', end: '2028-03-01' });
  });
});

describe('R-CREDIT-03 into-telecom (004 art. 8.3): remaining charges claim the billed days', () => {
  it('a business dissolved on insolvency inside the minimum term gets no credit: the billed month is part of what is owed', () => {
    const l = new Life('2026-03-10T09:00:00+01:00');
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_i', customerId: 'cus_1', termsId: 'into-telecom', plan: month(10000), seats: 1 });
    l.send('subscription.activated', { subscriptionId: 'sub_i' });
    l.tickTo('2026-05-10');
    l.send('customer.insolvency_reported', { customerId: 'cus_1', kind: 'bankruptcy' }, '2026-05-20T10:00:00+02:00');
    l.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_i' }, '2026-05-20T11:00:00+02:00');
    expect(l.ended('sub_i').endedOn).toBe('2026-05-20');
    expect(cutShort(l)).toEqual([]);
    // 10 May – 9 June was billed on 10 May; the remaining charges run from 10 June to the end of the minimum term.
    const fee = l.invoices().find((i) => i.lines.some((x) => x.kind === 'early-termination'))!;
    expect(fee.lines[0]!.period).toEqual({ start: '2026-06-10', end: '2027-03-10' });
  });
});

describe('R-CREDIT-03 after a prorated decrease (R-BILL-02)', () => {
  it('what the decrease already credited is not credited twice', async () => {
    const { PRESETS } = await import('./presets.js');
    const { catalogOf, termsProfileSchema } = await import('./terms.js');
    const deskProrated = termsProfileSchema.parse({ ...PRESETS.find((p) => p.id === 'totaldesk')!, id: 'desk-prorated', prorateChanges: true });
    // TotalDesk prorating changes, 3 seats × €50.00 a month excl. VAT from 10 March 2026: 10 March – 9 April billed €150.00.
    const l = new Life('2026-03-10T09:00:00+01:00', catalogOf([...PRESETS, deskProrated]));
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_d', customerId: 'cus_1', termsId: 'desk-prorated', plan: month(5000), seats: 3 });
    l.send('subscription.activated', { subscriptionId: 'sub_d' });
    // 25 March: 1 seat fewer for 25 March – 9 April, 16 of 31 days: 5000 × 16/31 = 2580.65 → 2581 credited.
    l.send('subscription.seats_changed', { subscriptionId: 'sub_d', seats: 2 }, '2026-03-25T09:00:00+01:00');
    expect(creditNotes(l).map((n) => [n.netCents, n.lines[0]!.period])).toEqual([[-2581, { start: '2026-03-25', end: '2026-04-10' }]]);
    // Insolvency, dissolved 1 April; one month's notice (end of a calendar month, 001) claims up to 1 June — past the billed period: nothing credited.
    l.send('customer.insolvency_reported', { customerId: 'cus_1', kind: 'bankruptcy' }, '2026-04-01T10:00:00+02:00');
    l.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_d' }, '2026-04-01T11:00:00+02:00');
    expect(cutShort(l)).toEqual([]);
  });
});
