/**
 * The bounded ledger (domain/archive.ts): settled records leave the account, and the rules decide
 * exactly as before when an event names one of them — it comes back first (R-PAY-03..05).
 */
import { describe, expect, it } from 'vitest';
import { Life, business, month } from '../test/support/life.js';
import { HOT_PAYMENT_DAYS } from './archive.js';
import { addMonths } from './calendar.js';

const open = (l: Life, id: string) => {
  const i = l.invoice(id);
  return i.totalCents - i.paidCents - i.writtenOffCents;
};

/** A totaldesk business customer (001: monthly in advance), live from 15 January 2026; invoice 0001 paid on 20 January. */
function paidFirstMonth(): Life {
  const l = new Life('2026-01-15T10:00:00+01:00');
  l.send('customer.created', business('cus_1'));
  l.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'totaldesk', plan: month(5000), seats: 3 });
  l.send('subscription.activated', { subscriptionId: 'sub_1' });
  l.send('payment.succeeded', { paymentId: 'p1', customerId: 'cus_1', amountCents: l.invoice('cus_1-0001').totalCents, method: 'direct_debit' }, '2026-01-20T10:00:00+01:00');
  return l;
}

describe('settled records leave the account and come back when an event names them', () => {
  it('an invoice paid in full leaves the working set once the period it billed in advance is over (R-CREDIT-03 may credit it until then); the payment stays while it can be reversed', () => {
    const l = paidFirstMonth();
    // 15 January – 14 February billed in advance: a dissolution before 15 February would credit the rest.
    expect(l.state!.invoices['cus_1-0001']).toMatchObject({ paidCents: l.invoice('cus_1-0001').totalCents });
    l.tickTo('2026-02-14T23:00:00+01:00');
    expect(l.state!.invoices['cus_1-0001']).toBeDefined();
    l.tickTo('2026-02-15T00:00:00+01:00');
    expect(l.state!.invoices['cus_1-0001']).toBeUndefined();
    expect(l.archive.invoices.get('cus_1-0001')).toMatchObject({ paidCents: l.invoice('cus_1-0001').totalCents, paidBy: [{ paymentId: 'p1', invoiceId: 'cus_1-0001' }] });
    expect(l.state!.payments['p1']).toMatchObject({ status: 'succeeded' });
    expect(l.state!.creditCents).toBe(0);
  });

  it(`the payment leaves ${HOT_PAYMENT_DAYS} days after it was received (8 weeks: the SEPA refund right), not a day earlier`, () => {
    const l = paidFirstMonth();
    // 20 January + 56 days = 17 March: still hot; 18 March: gone with its allocation.
    l.tickTo('2026-03-17T09:00:00+01:00');
    expect(l.state!.payments['p1']).toBeDefined();
    l.tickTo('2026-03-18T09:00:00+01:00');
    expect(l.state!.payments['p1']).toBeUndefined();
    expect(l.state!.allocations.filter((a) => a.paymentId === 'p1')).toEqual([]);
    expect(l.archive.payments.get('p1')).toMatchObject({ allocations: [{ invoiceId: 'cus_1-0001' }] });
  });

  it('R-PAY-04: a storno of the payment re-opens the archived invoice it paid, as if never paid', () => {
    const l = paidFirstMonth();
    const total = l.invoice('cus_1-0001').totalCents;
    l.send('payment.reversed', { paymentId: 'p1', reason: 'storno' }, '2026-02-10T10:00:00+01:00');
    expect(l.state!.invoices['cus_1-0001']).toMatchObject({ paidCents: 0 });
    expect(open(l, 'cus_1-0001')).toBe(total);
    expect(l.eventsOf('PaymentReversed')).toHaveLength(1);
  });

  it('R-PAY-04: a storno ten months later (an unauthorised debit may be refunded for 13 months) finds payment and invoice in the archive', () => {
    const l = paidFirstMonth();
    l.tickTo('2026-11-01T09:00:00+01:00');
    expect(l.state!.payments['p1']).toBeUndefined();
    l.send('payment.reversed', { paymentId: 'p1', reason: 'storno' }, '2026-11-20T10:00:00+01:00');
    expect(l.state!.payments['p1']).toMatchObject({ status: 'reversed' });
    expect(open(l, 'cus_1-0001')).toBe(l.invoice('cus_1-0001').totalCents);
  });

  it('R-PAY-04: the same payment announced again after it left the account is still a duplicate', () => {
    const l = paidFirstMonth();
    l.tickTo('2026-06-01T09:00:00+02:00');
    const before = l.state!.creditCents;
    const d = l.apply({ id: 'again', type: 'payment.succeeded', occurredAt: '2026-01-20T09:00:00.000Z', data: { paymentId: 'p1', customerId: 'cus_1', amountCents: 18150, method: 'direct_debit' } });
    expect(d.outcome).toBe('ignored');
    expect(l.state!.creditCents).toBe(before);
  });

  it('R-PAY-05, R-CREDIT-01: an archived invoice disputed within the window and upheld is credited; what paid it becomes credit (R-CREDIT-02)', () => {
    const l = paidFirstMonth();
    const total = l.invoice('cus_1-0001').totalCents;
    l.send('invoice.disputed', { invoiceId: 'cus_1-0001', customerId: 'cus_1' }, '2026-01-25T10:00:00+01:00');
    l.send('invoice.dispute_resolved', { invoiceId: 'cus_1-0001', outcome: 'upheld', customerId: 'cus_1' }, '2026-01-28T10:00:00+01:00');
    expect(l.invoice('cus_1-0001')).toMatchObject({ writtenOffCents: 0, creditedCents: total, paidCents: 0 });
    expect(l.invoices().find((i) => i.kind === 'credit_note')).toMatchObject({ correctsInvoiceId: 'cus_1-0001', totalCents: -total });
    expect(l.state!.creditCents).toBe(total);
  });
});

describe('the working set grows with the open work, not with the age of the customer', () => {
  it('a reseller account with 20 subscriptions paying every month for three years stays the size of one month', () => {
    const l = new Life('2026-01-15T10:00:00+01:00');
    l.send('customer.created', business('cus_r', { name: 'Wederverkoper B.V.' }));
    for (let i = 0; i < 20; i++) {
      l.send('subscription.created', { subscriptionId: `sub_${i}`, customerId: 'cus_r', termsId: 'totaldesk', plan: month(4500), seats: 3 });
      l.send('subscription.activated', { subscriptionId: `sub_${i}` });
    }
    const sizes: number[] = [];
    for (let m = 1; m <= 36; m++) {
      l.tickTo(`${addMonths('2026-01-20', m)}T10:00:00+01:00`);
      const owed = Object.values(l.state!.invoices).reduce((s, i) => s + i.totalCents - i.paidCents - i.writtenOffCents, 0);
      l.send('payment.succeeded', { paymentId: `pay_${m}`, customerId: 'cus_r', amountCents: owed, method: 'direct_debit' });
      sizes.push(JSON.stringify(l.state).length);
    }
    expect(l.invoices()).toHaveLength(20 * 37); // 0001–0020 on 15 January, then 20 a month
    // What stays is the month billed in advance and still running (R-CREDIT-03 may credit it): this month's 20.
    expect(Object.keys(l.state!.invoices)).toHaveLength(20);
    expect(Object.values(l.state!.invoices).every((i) => i.issuedOn === '2029-01-15' && i.paidCents === i.totalCents)).toBe(true);
    expect(Object.keys(l.state!.payments).length).toBeLessThanOrEqual(3);
    expect(Math.max(...sizes)).toBeLessThan(50_000);
    expect(sizes.at(-1)!).toBeLessThan(sizes[11]! * 1.01); // the third year the size of the first (ids grow a digit)
  });
});
