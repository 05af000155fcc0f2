/**
 * Customer-level decisions in the trails of the subscriptions they change (issue 10 item 1):
 * `subscriptionsConcerned` names them, the store writes a copy of the audit item into each.
 */
import { describe, expect, it } from 'vitest';
import { Life, business } from '../test/support/life.js';
import { subscriptionsConcerned } from './trail.js';
import type { Decision } from './types.js';

/** cus_1 on totaldesk from 2 March 2026: sub_1 (3 seats) and sub_2 (1 seat), each at €50 + 21% VAT per seat per month. */
function given(): Life {
  const life = new Life('2026-03-02');
  life.send('customer.created', business('cus_1'));
  for (const [id, seats] of [['sub_1', 3], ['sub_2', 1]] as const) {
    life.send('subscription.created', { subscriptionId: id, customerId: 'cus_1', termsId: 'totaldesk', plan: { name: 'Plan', priceCents: 5000, period: 'month' }, seats });
    life.send('subscription.activated', { subscriptionId: id });
  }
  return life;
}

const concerned = (life: Life, d: Decision) =>
  d.events.filter((e) => e.subscriptionId === null).map((e) => [e.type, e.rule, subscriptionsConcerned(e, d.state!, d.archived)]);

describe('customer-level decisions in the trail of each subscription they change', () => {
  it('R-PAY-03: a payment that pays sub_1\'s first invoice (3 × €60.50 = €181.50) is in sub_1\'s trail only', () => {
    const life = given();
    expect(life.invoice('cus_1-0001')).toMatchObject({ subscriptionId: 'sub_1', totalCents: 18150 });
    // Paid after the month it billed in advance (2 March – 1 April) is over, so nothing can credit it any more (R-CREDIT-03).
    const d = life.send('payment.succeeded', { paymentId: 'p1', customerId: 'cus_1', amountCents: 18150, method: 'direct_debit', invoiceId: 'cus_1-0001' }, '2026-04-03');
    // The invoice is paid and leaves the account in the same decision: found among `archived`.
    expect(d.archived.invoices.map((i) => i.id)).toContain('cus_1-0001');
    expect(concerned(life, d)).toContainEqual(['PaymentReceived', expect.toBeOneOf([null, expect.any(String)]), ['sub_1']]);
  });

  it('R-PAY-04: a storno that re-opens sub_2\'s invoice (€60.50) is in sub_2\'s trail, not sub_1\'s', () => {
    const life = given();
    life.send('payment.succeeded', { paymentId: 'p2', customerId: 'cus_1', amountCents: 6050, method: 'direct_debit', invoiceId: 'cus_1-0002' }, '2026-03-05');
    const d = life.send('payment.reversed', { paymentId: 'p2', reason: 'storno' }, '2026-03-20');
    expect(concerned(life, d)).toContainEqual(['PaymentReversed', 'R-PAY-04', ['sub_2']]);
  });

  it('R-DISS-02: an insolvency report concerns every subscription the account holds', () => {
    const life = given();
    const d = life.send('customer.insolvency_reported', { customerId: 'cus_1', kind: 'bankruptcy' }, '2026-03-10');
    expect(concerned(life, d)).toContainEqual(['InsolvencyReported', 'R-DISS-02', ['sub_1', 'sub_2']]);
  });

  it('R-DATA-04: an erasure refused because subscriptions still run concerns those subscriptions', () => {
    const life = given();
    const d = life.send('data.erasure_requested', { customerId: 'cus_1' }, '2026-03-10');
    const refusal = d.events.find((e) => e.type === 'ErasureRefused')!;
    expect(refusal).toMatchObject({ rule: 'R-DATA-04', data: { running: ['sub_1', 'sub_2'] } });
    expect(subscriptionsConcerned(refusal, d.state!, d.archived)).toEqual(['sub_1', 'sub_2']);
  });

  it('an event that already belongs to one subscription is not copied; the account opening concerns none', () => {
    const life = new Life('2026-03-02');
    const opened = life.send('customer.created', business('cus_1'));
    expect(concerned(life, opened)).toEqual([['CustomerCreated', null, []]]);
    life.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'totaldesk', plan: { name: 'Plan', priceCents: 5000, period: 'month' }, seats: 1 });
    const d = life.send('subscription.activated', { subscriptionId: 'sub_1' });
    for (const e of d.events.filter((x) => x.subscriptionId !== null)) expect(subscriptionsConcerned(e, d.state!, d.archived)).toEqual([]);
  });
});
