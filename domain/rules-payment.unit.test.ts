/**
 * The rulebook's sections 0 and 3 (docs/rules.md) as given/when/then over `decide`: money (R-MONEY-01..02) and
 * invoicing and payment (R-PAY-01..05). Every amount and date is worked out by hand from the
 * contract; the comment next to it shows the arithmetic. Invoice ids are `<customer>-<seq>`.
 */
import { describe, expect, it } from 'vitest';
import { Life, business, consumer } from '../test/support/life.js';
import { arrears, catalogOf, presetCatalog, type TermsCatalog } from './index.js';

interface Start {
  termsId: string;
  on: string;
  kind?: 'business' | 'consumer';
  priceCents?: number;
  period?: 'month' | 'year';
  seats?: number;
  directDebit?: boolean;
  catalog?: TermsCatalog;
}

/** Given a customer with subscription sub_1, live from `on` where the profile starts it without payment. */
function start(o: Start): Life {
  const life = new Life(o.on, o.catalog ?? presetCatalog);
  life.send('customer.created', o.kind === 'consumer' ? consumer('cus_1', { directDebit: o.directDebit ?? false }) : business('cus_1', { directDebit: o.directDebit ?? true }));
  life.send('subscription.created', {
    subscriptionId: 'sub_1', customerId: 'cus_1', termsId: o.termsId,
    plan: { name: 'Plan', priceCents: o.priceCents ?? 5000, period: o.period ?? 'month' }, seats: o.seats ?? 3,
  });
  if (life.catalog.latest(o.termsId)!.activation === 'onActivation') life.send('subscription.activated', { subscriptionId: 'sub_1' });
  return life;
}

const inv = (life: Life, seq: number) => life.invoice(`cus_1-${String(seq).padStart(4, '0')}`);
const pay = (life: Life, id: string, amountCents: number, when: string, invoiceId?: string, method: 'direct_debit' | 'ideal' | 'bank_transfer' = 'bank_transfer') =>
  life.send('payment.succeeded', { paymentId: id, customerId: 'cus_1', amountCents, method, ...(invoiceId ? { invoiceId } : {}) }, when);
const remindersFor = (life: Life, invoiceId: string) => life.emails('dunning.reminder').filter((e) => e.facts['invoiceId'] === invoiceId);
const live = (life: Life) => {
  const s = life.sub('sub_1');
  if (s.status !== 'live') throw new Error(`sub_1 is ${s.status}`);
  return s;
};

// ---------------------------------------------------------------------------------------------
// 0. Money
// ---------------------------------------------------------------------------------------------

describe('R-MONEY-01 integer cents, percentages half-up once per amount', () => {
  it('totaldesk 3 seats × €50 = €150 net, 21% VAT = €31.50, total €181.50', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02' });
    expect(inv(life, 1)).toMatchObject({ netCents: 15000, vatCents: 3150, totalCents: 18150 });
  });

  it('1 seat × €10.50: 21% = 220.5 cents → 221 (half-up), total €12.71', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02', seats: 1, priceCents: 1050 });
    expect(inv(life, 1)).toMatchObject({ netCents: 1050, vatCents: 221, totalCents: 1271 });
  });

  it('every amount is an integer number of cents', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-01-31', seats: 7, priceCents: 3333, directDebit: false });
    life.tickTo('2026-06-30');
    for (const i of life.invoices()) for (const n of [i.netCents, i.vatCents, i.totalCents, ...i.lines.flatMap((l) => [l.netCents, l.vatCents, l.grossCents])]) expect(Number.isSafeInteger(n)).toBe(true);
  });
});

describe('R-MONEY-02 prices with or without VAT per profile; 21% unless the profile says otherwise; invoices show net, VAT and gross', () => {
  it('total-progress prices include VAT: €120.00 gross = €99.17 net (12000 × 100/121 = 9917.36 → 9917) + €20.83 VAT', () => {
    const life = new Life('2026-01-05');
    life.send('customer.created', consumer('cus_1'));
    life.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'total-progress', plan: { name: 'Onderhoud', priceCents: 12000, period: 'year' }, seats: 1 });
    expect(inv(life, 1)).toMatchObject({ netCents: 9917, vatCents: 2083, totalCents: 12000 });
    expect(inv(life, 1).lines[0]).toMatchObject({ netCents: 9917, vatCents: 2083, grossCents: 12000 });
  });

  it('a profile with 9% VAT: 1 seat × €100 net = €9 VAT, €109 gross', () => {
    const catalog = catalogOf([{ ...presetCatalog.get('totaldesk')!, vatBp: 900 }]);
    const life = start({ termsId: 'totaldesk', on: '2026-03-02', seats: 1, priceCents: 10000, catalog });
    expect(inv(life, 1)).toMatchObject({ netCents: 10000, vatCents: 900, totalCents: 10900 });
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Invoicing and payment
// ---------------------------------------------------------------------------------------------

describe('R-PAY-01 payment term per profile; overdue from the day after the due date', () => {
  it('total-progress: 8 days — the invoice of 5 Jan is due 13 Jan', () => {
    const life = new Life('2026-01-05');
    life.send('customer.created', business('cus_1'));
    life.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'total-progress', plan: { name: 'Onderhoud', priceCents: 12000, period: 'year' }, seats: 1 });
    expect(inv(life, 1)).toMatchObject({ issuedOn: '2026-01-05', dueOn: '2026-01-13' });
  });

  it.each([
    // in advance: invoiced on activation 2 March; in arrears: March invoiced on 1 April
    ['totaldesk', '2026-03-02', '2026-03-02', '2026-03-16'], // + 14
    ['into-telecom', '2026-03-02', '2026-03-02', '2026-03-16'], // + 14
    ['computerstudent', '2026-03-01', '2026-04-01', '2026-04-15'], // + 14
    ['total-internet-group', '2026-03-01', '2026-04-01', '2026-05-01'], // + 30
  ])('%s activated %s: invoice of %s is due %s', (termsId, on, issuedOn, dueOn) => {
    const life = start({ termsId, on });
    life.tickTo('2026-04-01');
    expect(inv(life, 1)).toMatchObject({ issuedOn, dueOn });
  });

  it('totaldesk: due 16 March, not overdue on 16 March, overdue (and reminded) on 17 March', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02' });
    life.tickTo('2026-03-16');
    expect(arrears(life.state!, '2026-03-16')).toHaveLength(0);
    expect(remindersFor(life, 'cus_1-0001')).toHaveLength(0);
    life.tickTo('2026-03-17');
    expect(arrears(life.state!, '2026-03-17').map((i) => i.id)).toEqual(['cus_1-0001']);
    expect(remindersFor(life, 'cus_1-0001')).toHaveLength(1);
  });
});

describe('R-PAY-02 totaldesk: 2% surcharge on the subscription charge without direct debit', () => {
  it('3 seats × €50 = €150 + 2% = €3.00; VAT 21% of 150 = €31.50 and of 3 = €0.63; total €185.13', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02', directDebit: false });
    const i = inv(life, 1);
    expect(i.lines.map((l) => [l.kind, l.netCents, l.vatCents, l.grossCents, l.rule])).toEqual([
      ['subscription', 15000, 3150, 18150, 'R-START-02'],
      ['surcharge', 300, 63, 363, 'R-PAY-02'],
    ]);
    expect([i.netCents, i.vatCents, i.totalCents]).toEqual([15300, 3213, 18513]);
  });

  it('with direct debit there is no surcharge: €181.50', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02', directDebit: true });
    expect(inv(life, 1).lines.map((l) => l.kind)).toEqual(['subscription']);
    expect(inv(life, 1).totalCents).toBe(18150);
  });

  it('half-up once: €25.25 × 2% = 50.5 → 51 cents; VAT 530.25 → 530 and 10.71 → 11; total 2525 + 51 + 530 + 11 = 3117', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02', seats: 1, priceCents: 2525, directDebit: false });
    expect(inv(life, 1).lines.map((l) => [l.netCents, l.vatCents])).toEqual([[2525, 530], [51, 11]]);
    expect(inv(life, 1).totalCents).toBe(3117);
  });

  it('profiles without a surcharge (into-telecom) charge none, direct debit or not', () => {
    const life = start({ termsId: 'into-telecom', on: '2026-03-02', directDebit: false });
    expect(inv(life, 1).lines.map((l) => l.kind)).toEqual(['subscription']);
  });
});

describe('R-PAY-03 allocation: oldest open invoice first, a named invoice first, overpayment is credit', () => {
  // totaldesk, direct debit, 1 seat × €100 = €121 a month: 0001 of 15 Jan, 0002 of 15 Feb.
  const given = () => {
    const life = start({ termsId: 'totaldesk', on: '2026-01-15', seats: 1, priceCents: 10000 });
    life.tickTo('2026-02-15');
    return life;
  };

  it('€150 unnamed on 20 Feb pays 0001 in full (€121) and €29 of 0002, which stays open with €92', () => {
    const life = given();
    pay(life, 'p1', 15000, '2026-02-20');
    expect([inv(life, 1).paidCents, inv(life, 2).paidCents]).toEqual([12100, 2900]);
    expect(inv(life, 2).totalCents - inv(life, 2).paidCents).toBe(9200);
    expect(life.state!.allocations).toEqual([
      { paymentId: 'p1', invoiceId: 'cus_1-0001', cents: 12100 },
      { paymentId: 'p1', invoiceId: 'cus_1-0002', cents: 2900 },
    ]);
    expect(life.eventsOf('PaymentReceived')[0]!.rule).toBe('R-PAY-03');
  });

  it('€121 naming 0002 pays 0002; the older 0001 stays open', () => {
    const life = given();
    pay(life, 'p1', 12100, '2026-02-20', 'cus_1-0002');
    expect([inv(life, 1).paidCents, inv(life, 2).paidCents]).toEqual([0, 12100]);
  });

  it('€150 naming 0002 pays 0002 (€121) first and the remaining €29 goes to the oldest, 0001', () => {
    const life = given();
    pay(life, 'p1', 15000, '2026-02-20', 'cus_1-0002');
    expect([inv(life, 1).paidCents, inv(life, 2).paidCents]).toEqual([2900, 12100]);
  });

  it('€300 on 20 Feb leaves €300 − 2 × €121 = €58 credit, used by the invoice of 15 March (open €121 − €58 = €63)', () => {
    const life = given();
    pay(life, 'p1', 30000, '2026-02-20');
    expect(life.state!.creditCents).toBe(5800);
    life.tickTo('2026-03-15');
    expect(inv(life, 3)).toMatchObject({ issuedOn: '2026-03-15', totalCents: 12100, paidCents: 5800 });
    expect(life.state!.creditCents).toBe(0);
  });

  it('interest and costs before principal (6:44 BW): into-telecom costs of €250 (WIK 15% of €121 = €18.15, minimum €250) take an unnamed €121 first', () => {
    const life = start({ termsId: 'into-telecom', on: '2026-01-15', seats: 1, priceCents: 10000 });
    life.tickTo('2026-01-30'); // 0001 due 29 Jan; in default on 30 Jan: costs invoice 0002
    expect(inv(life, 2)).toMatchObject({ category: 'accessory', totalCents: 25000 });
    pay(life, 'p1', 12100, '2026-02-02');
    expect([inv(life, 1).paidCents, inv(life, 2).paidCents]).toEqual([0, 12100]);
  });

  it('the same payments in another arrival order give the same allocation (computed from the facts)', () => {
    const a = given();
    pay(a, 'p1', 5000, '2026-02-20T10:00:00Z');
    pay(a, 'p2', 15000, '2026-02-21T10:00:00Z');
    const b = given();
    b.tickTo('2026-02-21T10:00:00Z');
    b.apply({ id: 'e2', type: 'payment.succeeded', occurredAt: '2026-02-21T10:00:00.000Z', data: { paymentId: 'p2', customerId: 'cus_1', amountCents: 15000, method: 'ideal' } });
    b.apply({ id: 'e1', type: 'payment.succeeded', occurredAt: '2026-02-20T10:00:00.000Z', data: { paymentId: 'p1', customerId: 'cus_1', amountCents: 5000, method: 'ideal' } });
    // p1 (received first): €50 to 0001; p2: €71 rest of 0001, €79 to 0002.
    expect(b.state!.allocations).toEqual(a.state!.allocations);
    expect(b.state!.allocations).toEqual([
      { paymentId: 'p1', invoiceId: 'cus_1-0001', cents: 5000 },
      { paymentId: 'p2', invoiceId: 'cus_1-0001', cents: 7100 },
      { paymentId: 'p2', invoiceId: 'cus_1-0002', cents: 7900 },
    ]);
  });
});

describe('R-PAY-04 a storno re-opens the invoice it paid; dunning follows the invoice\'s own dates', () => {
  // totaldesk, 3 × €50 + VAT = €181.50: 0001 of 2 March due 16 March (suspendable > 2 months after 2 March, i.e. from 3 May);
  // 0002 of 2 April paid on 3 April.
  const given = () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02' });
    pay(life, 'p1', 18150, '2026-03-05', 'cus_1-0001', 'direct_debit');
    life.tickTo('2026-04-03');
    pay(life, 'p2', 18150, '2026-04-03', 'cus_1-0002', 'direct_debit');
    return life;
  };

  it('a storno on 20 April re-opens 0001 as if never paid, and its reminder goes out at once (overdue since 17 March)', () => {
    const life = given();
    expect(remindersFor(life, 'cus_1-0001')).toHaveLength(0);
    const d = life.send('payment.reversed', { paymentId: 'p1', reason: 'storno' }, '2026-04-20');
    expect(d.outcome).toBe('applied');
    expect(inv(life, 1).paidCents).toBe(0);
    expect(life.eventsOf('PaymentReversed')[0]).toMatchObject({ rule: 'R-PAY-04', data: { reopened: [{ invoiceId: 'cus_1-0001', cents: 18150 }] } });
    expect(remindersFor(life, 'cus_1-0001')).toHaveLength(1);
    expect(life.eventsOf('ReminderSent').find((e) => e.data['invoiceId'] === 'cus_1-0001')!.at).toBe('2026-04-19T22:00:00.000Z'); // 00:00 on 20 Apr (CEST)
  });

  it('e-mails the storno: the direct debit of €181.50 of 5 March came back, 0001 open again and overdue since its due date, 16 March', () => {
    const life = given();
    life.send('payment.reversed', { paymentId: 'p1', reason: 'storno' }, '2026-04-20');
    expect(life.emails('payment.reversed').map((e) => e.facts)).toEqual([{
      customerName: expect.any(String), reason: 'storno', amountCents: 18150, method: 'direct_debit', receivedOn: '2026-03-05',
      reopened: [{ invoiceId: 'cus_1-0001', invoiceNumber: 'LT-000001', dueOn: '2026-03-16', openCents: 18150, overdue: true }],
    }]);
    // The reminder that follows at once gives until 2 May: totaldesk suspends more than 2 months after the invoice date (2 March), on 3 May.
    expect(remindersFor(life, 'cus_1-0001')[0]!.facts).toMatchObject({ payBy: '2026-05-02', next: { step: 'suspension', on: '2026-05-03' } });
  });

  it('suspension follows the invoice date, not the storno: 2 March + 2 months = 2 May, so suspended on 3 May', () => {
    const life = given();
    life.send('payment.reversed', { paymentId: 'p1', reason: 'storno' }, '2026-04-20');
    life.tickTo('2026-05-02');
    expect(live(life).suspensions).toHaveLength(0);
    life.tickTo('2026-05-03');
    expect(live(life).suspensions.map((s) => [s.reason, s.since])).toEqual([['arrears', '2026-05-02T22:00:00.000Z']]);
  });

  it('a storno before the due date re-opens the invoice without a reminder until 17 March', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02' });
    pay(life, 'p1', 18150, '2026-03-05', 'cus_1-0001', 'direct_debit');
    life.send('payment.reversed', { paymentId: 'p1', reason: 'storno' }, '2026-03-10');
    life.tickTo('2026-03-16');
    expect(inv(life, 1).paidCents).toBe(0);
    expect(remindersFor(life, 'cus_1-0001')).toHaveLength(0);
    life.tickTo('2026-03-17');
    expect(remindersFor(life, 'cus_1-0001')).toHaveLength(1);
  });

  it('a failed direct debit reported after its success re-opens the invoice the same way', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02' });
    pay(life, 'p1', 18150, '2026-03-05', 'cus_1-0001', 'direct_debit');
    life.send('payment.failed', { paymentId: 'p1', customerId: 'cus_1', amountCents: 18150, reason: 'insufficient funds' }, '2026-03-08');
    expect(inv(life, 1).paidCents).toBe(0);
    expect(life.state!.payments['p1']).toMatchObject({ status: 'reversed', reversal: { reason: 'failed' } });
  });

  it('e-mails a payment that failed: before the due date it names the invoice\'s own last day, 16 March', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02' });
    life.send('payment.failed', { paymentId: 'p9', customerId: 'cus_1', amountCents: 18150, reason: 'AM04 insufficient funds', invoiceId: 'cus_1-0001' }, '2026-03-08');
    expect(life.emails('payment.failed').map((e) => e.facts)).toEqual([{ customerName: expect.any(String), amountCents: 18150, failure: 'insufficientFunds', invoice: { invoiceId: 'cus_1-0001', invoiceNumber: 'LT-000001', dueOn: '2026-03-16', openCents: 18150, overdue: false } }]);
    pay(life, 'p1', 18150, '2026-03-09', 'cus_1-0001', 'direct_debit');
    life.send('payment.failed', { paymentId: 'p1', customerId: 'cus_1', amountCents: 18150, reason: 'MD06' }, '2026-03-20');
    expect(life.emails('payment.reversed').map((e) => e.facts)).toEqual([expect.objectContaining({ reason: 'failed', reopened: [{ invoiceId: 'cus_1-0001', invoiceNumber: 'LT-000001', dueOn: '2026-03-16', openCents: 18150, overdue: true }] })]);
  });

  it('a payment spread over two invoices re-opens both', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-02' });
    life.tickTo('2026-04-02');
    pay(life, 'p1', 36300, '2026-04-03'); // 2 × €181.50
    expect([inv(life, 1).paidCents, inv(life, 2).paidCents]).toEqual([18150, 18150]);
    life.send('payment.reversed', { paymentId: 'p1', reason: 'chargeback' }, '2026-04-10');
    expect([inv(life, 1).paidCents, inv(life, 2).paidCents]).toEqual([0, 0]);
  });
});

describe('R-PAY-05 a dispute within the window keeps the invoice out of arrears, reminders and suspension', () => {
  // into-telecom, 1 seat × €100 + 21% = €121: 0001 of 2 March, due 16 March; dispute window 30 days: until 2 Mar + 30 = 1 April.
  const given = () => start({ termsId: 'into-telecom', on: '2026-03-02', seats: 1, priceCents: 10000 });

  it('into-telecom: disputed on day 30 (1 April) accepted', () => {
    const life = given();
    const d = life.send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-04-01');
    expect(d.outcome).toBe('applied');
    expect(inv(life, 1).dispute).toMatchObject({ resolved: null });
    expect(life.emails('dispute.received')).toHaveLength(1);
  });

  it('into-telecom: disputed on day 31 (2 April) refused — after the window the invoice stands', () => {
    const life = given();
    const d = life.send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-04-02');
    expect(d.outcome).toBe('refused');
    expect(d.refusal!.rule).toBe('R-PAY-05');
    expect(d.refusal!.reason).toContain('2026-04-01');
    expect(inv(life, 1).dispute).toBeNull();
    expect(life.emails('dispute.refused')).toHaveLength(1);
  });

  it('total-progress: 14 days — the invoice of 5 January can be disputed on 19 January, not on 20 January', () => {
    const make = () => {
      const life = new Life('2026-01-05');
      life.send('customer.created', business('cus_1'));
      life.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'total-progress', plan: { name: 'Onderhoud', priceCents: 12000, period: 'year' }, seats: 1 });
      return life;
    };
    expect(make().send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-01-19').outcome).toBe('applied');
    expect(make().send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-01-20').outcome).toBe('refused');
  });

  it('disputed on 10 March: past its due date (16 March) no reminder, no default, no costs, no suspension, no arrears', () => {
    const life = given();
    life.send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-03-10');
    life.tickTo('2026-03-20');
    expect(arrears(life.state!, '2026-03-20')).toHaveLength(0);
    expect(remindersFor(life, 'cus_1-0001')).toHaveLength(0);
    expect(life.eventsOf('CustomerInDefault')).toHaveLength(0);
    expect(life.invoices().filter((i) => i.category === 'accessory')).toHaveLength(0);
    expect(live(life).suspensions).toHaveLength(0);
  });

  it('an unnamed payment does not go to a disputed invoice: it becomes credit', () => {
    const life = given();
    life.send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-03-10');
    pay(life, 'p1', 12100, '2026-03-20');
    expect(inv(life, 1).paidCents).toBe(0);
    expect(life.state!.creditCents).toBe(12100);
  });

  it('rejected on 1 April, the invoice stands with its own dates: overdue since 17 March, so reminder, default and suspension follow at once', () => {
    const life = given();
    life.send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-03-10');
    life.send('invoice.dispute_resolved', { invoiceId: 'cus_1-0001', outcome: 'rejected' }, '2026-04-01');
    expect(remindersFor(life, 'cus_1-0001')).toHaveLength(1);
    expect(life.eventsOf('CustomerInDefault')[0]!.at).toBe('2026-03-31T22:00:00.000Z');
    expect(live(life).suspensions.map((s) => s.reason)).toEqual(['arrears']);
  });

  it('upheld, the invoice is credited by a credit note (R-CREDIT-01): nothing is owed on it, nothing written off', () => {
    const life = given();
    life.send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-03-10');
    life.send('invoice.dispute_resolved', { invoiceId: 'cus_1-0001', outcome: 'upheld' }, '2026-03-25');
    // Credit note 0002 of 25 March: −€121.00 (−€100 net, −€21 VAT), the next number of the series.
    expect(inv(life, 1)).toMatchObject({ writtenOffCents: 0, creditedCents: 12100, number: 'LT-000001' });
    expect(inv(life, 2)).toMatchObject({ kind: 'credit_note', correctsInvoiceId: 'cus_1-0001', number: 'LT-000002', issuedOn: '2026-03-25', netCents: -10000, vatCents: -2100, totalCents: -12100 });
    life.tickTo('2026-04-01');
    expect(arrears(life.state!, '2026-04-01')).toHaveLength(0);
    expect(live(life).suspensions).toHaveLength(0);
  });

  it('disputed on day 30 after it led to suspension: the suspension lifts, the collection costs on it follow the dispute', () => {
    // 17 March: 0001 overdue → default, costs invoice 0002 (WIK minimum €250) and suspension (any overdue invoice).
    const life = given();
    life.tickTo('2026-03-17');
    expect(live(life).suspensions.map((s) => s.reason)).toEqual(['arrears']);
    expect(inv(life, 2)).toMatchObject({ category: 'accessory', totalCents: 25000 });
    life.send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-04-01');
    expect(live(life).suspensions).toHaveLength(0);
    expect(arrears(life.state!, '2026-04-01')).toHaveLength(0);
    // Upheld on 10 April: the invoice and the €250 costs charged on it are both credited (R-CREDIT-01): credit notes 0004 and 0005 (0003 is April's invoice).
    life.send('invoice.dispute_resolved', { invoiceId: 'cus_1-0001', outcome: 'upheld' }, '2026-04-10');
    expect([inv(life, 1).creditedCents, inv(life, 2).creditedCents]).toEqual([12100, 25000]);
    expect([inv(life, 4), inv(life, 5)].map((i) => [i.kind, i.correctsInvoiceId, i.totalCents])).toEqual([['credit_note', 'cus_1-0001', -12100], ['credit_note', 'cus_1-0002', -25000]]);
  });

  it('rejected, the collection costs charged on it stand again with the invoice', () => {
    const life = given();
    life.tickTo('2026-03-17');
    life.send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-04-01');
    life.send('invoice.dispute_resolved', { invoiceId: 'cus_1-0001', outcome: 'rejected' }, '2026-04-10');
    expect(arrears(life.state!, '2026-04-10').map((i) => i.id).sort()).toEqual(['cus_1-0001', 'cus_1-0002']);
    expect(live(life).suspensions.map((s) => s.reason)).toEqual(['arrears']);
  });
});
