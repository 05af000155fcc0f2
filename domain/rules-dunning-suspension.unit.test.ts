/**
 * The rulebook's §4–6 (docs/rules.md) as given/when/then over `decide`: dunning (R-DUN-01..04), suspension after
 * arrears (R-SUSP-01..05) and reactivation (R-REACT-01..03). Every date and amount is worked out
 * by hand in the comment next to it; the domain must agree with the arithmetic, not the reverse.
 */
import { describe, expect, it } from 'vitest';
import { at, business, consumer, Life, month, year } from '../test/support/life.js';
import { apiStatus } from './views.js';


const liveSub = (life: Life, id: string) => life.live(id);
const suspensionReasons = (life: Life, id: string) => liveSub(life, id).suspensions.map((s) => s.reason);
const revokes = (life: Life) => life.access().filter((a) => a.action === 'revoke');
const restores = (life: Life) => life.access().filter((a) => a.action === 'restore' && a.rule !== 'R-START-01');
const followUps = (life: Life) => life.effects.flatMap((e) => (e.kind === 'follow-up' ? [e.event] : []));

/**
 * Totaldesk (001), business paying by direct debit (no 2% surcharge), activated 5 Jan 2026.
 * Monthly in advance: an invoice on the 5th of each month of 3 seats × €50 = €150 net + 21% VAT
 * €31.50 = €181.50 gross, due 14 days later (5 Jan → 19 Jan).
 */
function totaldesk(opts: { start?: string; seats?: number; customerId?: string } = {}): Life {
  const life = new Life(opts.start ?? '2026-01-05');
  const customerId = opts.customerId ?? 'cus_1';
  life.send('customer.created', business(customerId));
  life.send('subscription.created', { subscriptionId: 'sub_td', customerId, termsId: 'totaldesk', plan: month(5000), seats: opts.seats ?? 3 });
  life.send('subscription.activated', { subscriptionId: 'sub_td' });
  return life;
}

const pay = (life: Life, amountCents: number, when: string, invoiceId?: string, paymentId?: string) =>
  life.send('payment.succeeded', { paymentId: paymentId ?? `pay_${when}_${amountCents}`, customerId: life.state!.customer.id, amountCents, method: 'bank_transfer', ...(invoiceId ? { invoiceId } : {}) }, when);

describe('R-SUSP-01 totaldesk, invoice unpaid two months and a day', () => {
  it('bills 3 seats × €50 = €150 net + €31.50 VAT = €181.50, due 14 days after the invoice date', () => {
    const life = totaldesk();
    const [first] = life.invoices();
    expect(first).toMatchObject({ issuedOn: '2026-01-05', dueOn: '2026-01-19', netCents: 15000, vatCents: 3150, totalCents: 18150 });
  });

  it('is not suspended on invoice date + 2 months (5 Jan + 2 months = 5 Mar), not even at 23:59:59 that day', () => {
    const life = totaldesk();
    life.tickTo('2026-03-05');
    // 23:59:59 Amsterdam on 5 March (CET, UTC+1) is 22:59:59Z.
    life.tickTo('2026-03-05T22:59:59Z');
    expect(liveSub(life, 'sub_td').suspensions).toEqual([]);
    expect(life.eventsOf('SubscriptionSuspended')).toEqual([]);
  });

  it('suspends every seat and e-mails the customer at 00:00 Amsterdam on 6 March (more than two months)', () => {
    const life = totaldesk();
    life.tickTo('2026-03-05');
    life.tickTo('2026-03-06');
    const sub = liveSub(life, 'sub_td');
    // 00:00 on 6 March in Amsterdam (CET) is 23:00Z on 5 March.
    expect(sub.suspensions).toEqual([expect.objectContaining({ reason: 'arrears', rule: 'R-SUSP-01', seats: 3, since: '2026-03-05T23:00:00.000Z' })]);
    expect(revokes(life)).toEqual([expect.objectContaining({ subscriptionId: 'sub_td', seats: 3, reason: 'arrears', rule: 'R-SUSP-01' })]);
    expect(life.emails('suspension.notice')).toHaveLength(1);
    const [suspended] = life.eventsOf('SubscriptionSuspended');
    expect(suspended!.data).toMatchObject({ invoiceId: 'cus_1-0001', invoiceIssuedOn: '2026-01-05', suspendableFrom: '2026-03-06' });
  });

  it('suspends at the same instant when the clock jumps months at once', () => {
    const life = totaldesk();
    life.tickTo('2026-04-20');
    expect(liveSub(life, 'sub_td').suspensions[0]!.since).toBe(at('2026-03-06'));
  });

  it('clamps to the end of February: invoice of 31 Dec + 2 months = 28 Feb, suspended from 1 March (R-TIME-02)', () => {
    const life = totaldesk({ start: '2025-12-31' });
    life.tickTo('2026-02-28');
    expect(liveSub(life, 'sub_td').suspensions).toEqual([]);
    life.tickTo('2026-03-01');
    expect(liveSub(life, 'sub_td').suspensions[0]).toMatchObject({ reason: 'arrears', since: at('2026-03-01') });
  });

  it('does not suspend for an invoice under dispute (R-PAY-05: only unpaid, undisputed invoices count)', () => {
    const life = totaldesk();
    life.send('invoice.disputed', { invoiceId: 'cus_1-0001', customerId: 'cus_1' }, '2026-01-10');
    // Pay the later invoices (5 Feb, 5 Mar) on their invoice dates so only the disputed one is open.
    life.tickTo('2026-02-05');
    pay(life, 18150, '2026-02-05', 'cus_1-0002');
    life.tickTo('2026-03-05');
    pay(life, 18150, '2026-03-05', 'cus_1-0003');
    life.tickTo('2026-03-10');
    expect(liveSub(life, 'sub_td').suspensions).toEqual([]);
  });
});

describe('R-SUSP-02 suspension denies access but billing continues', () => {
  it('revokes access once and still invoices the next month (5 Apr: another €181.50)', () => {
    const life = totaldesk();
    life.tickTo('2026-04-05');
    expect(revokes(life)).toHaveLength(1);
    const april = life.invoices().find((i) => i.issuedOn === '2026-04-05');
    expect(april).toMatchObject({ totalCents: 18150 });
    expect(liveSub(life, 'sub_td').suspensions).toHaveLength(1);
  });

  it('reports the subscription as suspended to the partner API, and active again after reactivation', () => {
    const life = totaldesk();
    life.tickTo('2026-03-05');
    expect(apiStatus(life.sub('sub_td'))).toBe('active');
    life.tickTo('2026-03-06');
    expect(apiStatus(life.sub('sub_td'))).toBe('suspended');
    pay(life, 3 * 18150, '2026-03-10');
    expect(apiStatus(life.sub('sub_td'))).toBe('active');
  });
});

describe('R-SUSP-01 total-progress, the prepaid year invoice overdue', () => {
  /**
   * Consumer, €240 a year incl. VAT, paid and started 10 Jan 2026. The second year is invoiced on
   * 10 Jan 2027, due 8 days later: 18 Jan 2027; overdue from 19 Jan.
   */
  function totalProgressYearTwo(): Life {
    const life = new Life('2026-01-10');
    life.send('customer.created', consumer());
    life.send('subscription.created', { subscriptionId: 'sub_tp', customerId: 'cus_c', termsId: 'total-progress', plan: year(24000), seats: 1 });
    life.send('subscription.created', { subscriptionId: 'sub_tp2', customerId: 'cus_c', termsId: 'total-progress', plan: year(24000), seats: 1 });
    pay(life, 48000, '2026-01-10');
    life.tickTo('2027-01-10');
    pay(life, 24000, '2027-01-10', life.invoices().find((i) => i.issuedOn === '2027-01-10' && i.subscriptionId === 'sub_tp2')!.id);
    return life;
  }

  it('is not suspended on the due date (18 Jan 2027)', () => {
    const life = totalProgressYearTwo();
    life.tickTo('2027-01-18');
    expect(liveSub(life, 'sub_tp').suspensions).toEqual([]);
  });

  it('suspends only that subscription the day after the due date (19 Jan 2027), not the paid one', () => {
    const life = totalProgressYearTwo();
    life.tickTo('2027-01-19');
    expect(suspensionReasons(life, 'sub_tp')).toEqual(['arrears']);
    expect(suspensionReasons(life, 'sub_tp2')).toEqual([]);
  });
});

describe('R-SUSP-03 into-telecom, one invoice overdue suspends every subscription of the customer', () => {
  /**
   * A: created 10 Jan 2026, 2 lines × €30 = €60 net + €12.60 VAT = €72.60, due 10 + 14 = 24 Jan.
   * B: created 20 Jan 2026, invoice €72.60 due 3 Feb, paid at once.
   */
  function intoTelecom(): Life {
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_a', customerId: 'cus_1', termsId: 'into-telecom', plan: month(3000), seats: 2 });
    life.send('subscription.created', { subscriptionId: 'sub_b', customerId: 'cus_1', termsId: 'into-telecom', plan: month(3000), seats: 2 }, '2026-01-20');
    pay(life, 7260, '2026-01-20', 'cus_1-0002');
    return life;
  }

  it('invoices A at €72.60 due 24 Jan', () => {
    const life = intoTelecom();
    expect(life.invoices()[0]).toMatchObject({ id: 'cus_1-0001', issuedOn: '2026-01-10', dueOn: '2026-01-24', totalCents: 7260 });
  });

  it('suspends nothing on the due date itself', () => {
    const life = intoTelecom();
    life.tickTo('2026-01-24');
    expect(suspensionReasons(life, 'sub_a')).toEqual([]);
    expect(suspensionReasons(life, 'sub_b')).toEqual([]);
  });

  it('suspends A (R-SUSP-01) and the paid B too (R-SUSP-03) on the day after the due date, 25 Jan', () => {
    const life = intoTelecom();
    life.tickTo('2026-01-25');
    expect(liveSub(life, 'sub_a').suspensions).toEqual([expect.objectContaining({ reason: 'arrears', rule: 'R-SUSP-01', since: at('2026-01-25') })]);
    expect(liveSub(life, 'sub_b').suspensions).toEqual([expect.objectContaining({ reason: 'arrears', rule: 'R-SUSP-03', since: at('2026-01-25') })]);
    expect(revokes(life).map((r) => r.subscriptionId).sort()).toEqual(['sub_a', 'sub_b']);
  });

  it('restores both once everything outstanding is paid, with no reactivation fee (into-telecom charges none)', () => {
    const life = intoTelecom();
    life.tickTo('2026-01-25');
    const before = life.invoices().length;
    // Outstanding on 26 Jan: A's €72.60 and the €250 costs charged at default on 25 Jan (R-DUN-03).
    pay(life, 7260, '2026-01-26', 'cus_1-0001');
    expect(suspensionReasons(life, 'sub_a')).toEqual(['arrears']);
    pay(life, 25000, '2026-01-26');
    expect(suspensionReasons(life, 'sub_a')).toEqual([]);
    expect(suspensionReasons(life, 'sub_b')).toEqual([]);
    expect(restores(life).map((r) => r.subscriptionId).sort()).toEqual(['sub_a', 'sub_b']);
    expect(life.invoices()).toHaveLength(before);
  });
});

describe('R-SUSP-04 totaldesk reseller account suspended cascades to its organisations', () => {
  it('asks for reseller.suspended to be delivered when the reseller\'s own account is suspended', () => {
    const life = totaldesk();
    life.send('customer.reseller_account_linked', { customerId: 'cus_1', resellerId: 'res_1' }, '2026-01-06');
    life.tickTo('2026-03-06');
    expect(followUps(life)).toEqual([{ type: 'reseller.suspended', data: { resellerId: 'res_1', since: at('2026-03-06') } }]);
    expect(life.eventsOf('ResellerSuspensionCascaded')).toHaveLength(1);
  });

  it('does not cascade from an ordinary customer (no reseller account linked)', () => {
    const life = totaldesk();
    life.tickTo('2026-03-06');
    expect(followUps(life)).toEqual([]);
  });

  it('suspends every live subscription of an underlying customer with reason reseller-suspended, and restores it', () => {
    const life = new Life('2026-02-01');
    life.send('customer.created', business('cus_org', { resellerId: 'res_1' }));
    life.send('subscription.created', { subscriptionId: 'sub_x', customerId: 'cus_org', termsId: 'totaldesk', plan: month(5000), seats: 2 });
    life.send('subscription.activated', { subscriptionId: 'sub_x' });
    life.send('subscription.created', { subscriptionId: 'sub_y', customerId: 'cus_org', termsId: 'totaldesk', plan: month(5000), seats: 4 });
    life.send('subscription.activated', { subscriptionId: 'sub_y' });
    pay(life, 12100 + 24200, '2026-02-01'); // 2 × €50 + 21% = €121; 4 × €50 + 21% = €242

    life.send('customer.reseller_suspended', { customerId: 'cus_org', resellerId: 'res_1' }, '2026-03-06');
    expect(suspensionReasons(life, 'sub_x')).toEqual(['reseller-suspended']);
    expect(suspensionReasons(life, 'sub_y')).toEqual(['reseller-suspended']);
    expect(revokes(life)).toEqual([
      expect.objectContaining({ subscriptionId: 'sub_x', seats: 2, reason: 'reseller-suspended', rule: 'R-SUSP-04' }),
      expect.objectContaining({ subscriptionId: 'sub_y', seats: 4, reason: 'reseller-suspended', rule: 'R-SUSP-04' }),
    ]);

    const invoicesBefore = life.invoices().length;
    life.send('customer.reseller_restored', { customerId: 'cus_org', resellerId: 'res_1' }, '2026-03-12');
    expect(suspensionReasons(life, 'sub_x')).toEqual([]);
    expect(suspensionReasons(life, 'sub_y')).toEqual([]);
    // R-REACT-03: access back for every seat; the organisation owes no reactivation fee of its own.
    expect(restores(life)).toEqual([
      expect.objectContaining({ subscriptionId: 'sub_x', seats: 2, reason: 'reseller-restored', rule: 'R-REACT-03' }),
      expect.objectContaining({ subscriptionId: 'sub_y', seats: 4, reason: 'reseller-restored', rule: 'R-REACT-03' }),
    ]);
    expect(life.invoices()).toHaveLength(invoicesBefore);
  });

  it('delivering reseller_suspended twice changes nothing the second time', () => {
    const life = totaldesk({ customerId: 'cus_org' });
    life.send('customer.reseller_suspended', { customerId: 'cus_org', resellerId: 'res_1' }, '2026-01-10');
    const again = life.send('customer.reseller_suspended', { customerId: 'cus_org', resellerId: 'res_1' }, '2026-01-11');
    expect(again.outcome).toBe('ignored');
    expect(revokes(life)).toHaveLength(1);
  });
});

describe('R-SUSP-05 abuse suspends at once, independent of payment', () => {
  /**
   * Total Internet Group: €100 a month, billed in arrears by calendar month (R-BILL-01): the first
   * invoice on 1 Feb for 10–31 January, 22 of 31 days: €70.967… → €70.97 + 21% VAT €14.90 = €85.87.
   */
  function tig(): Life {
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(10000), seats: 1 });
    return life;
  }

  it('suspends on the report with nothing owed, and keeps billing (1 Feb: €70.97 + €14.90 = €85.87)', () => {
    const life = tig();
    life.send('abuse.reported', { subscriptionId: 'sub_h', reason: 'spam relay' }, '2026-01-20T14:00:00+01:00');
    expect(liveSub(life, 'sub_h').suspensions).toEqual([expect.objectContaining({ reason: 'abuse', rule: 'R-SUSP-05', since: '2026-01-20T13:00:00.000Z' })]);
    expect(revokes(life)).toEqual([expect.objectContaining({ subscriptionId: 'sub_h', reason: 'abuse', rule: 'R-SUSP-05' })]);
    life.tickTo('2026-02-01');
    expect(life.invoices()[0]).toMatchObject({ issuedOn: '2026-02-01', netCents: 7097, vatCents: 1490, totalCents: 8587 });
  });

  it('stays suspended when the customer pays; lifts only when the provider clears it', () => {
    const life = tig();
    life.send('abuse.reported', { subscriptionId: 'sub_h', reason: 'spam relay' }, '2026-01-20');
    life.tickTo('2026-02-01');
    pay(life, 8587, '2026-02-11');
    expect(suspensionReasons(life, 'sub_h')).toEqual(['abuse']);
    life.send('abuse.cleared', { subscriptionId: 'sub_h', reason: 'relay closed' }, '2026-02-12');
    expect(suspensionReasons(life, 'sub_h')).toEqual([]);
    expect(restores(life)).toEqual([expect.objectContaining({ subscriptionId: 'sub_h', reason: 'abuse-cleared' })]);
  });

  it('clearing the abuse of a subscription also suspended for arrears does not give access back', () => {
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_a', customerId: 'cus_1', termsId: 'into-telecom', plan: month(3000), seats: 2 });
    life.send('abuse.reported', { subscriptionId: 'sub_a', reason: 'fraudulent calls' }, '2026-01-12');
    life.tickTo('2026-01-25'); // invoice of 10 Jan overdue: arrears too
    life.send('abuse.cleared', { subscriptionId: 'sub_a', reason: 'resolved' }, '2026-01-26');
    expect(suspensionReasons(life, 'sub_a')).toEqual(['arrears']);
    expect(restores(life)).toEqual([]);
    // Access was revoked once, at the first suspension.
    expect(revokes(life)).toHaveLength(1);
  });
});

describe('R-REACT-01 totaldesk reactivates only when every outstanding invoice is paid', () => {
  // By 10 March: invoices of 5 Jan, 5 Feb, 5 Mar, each €181.50: 3 × €181.50 = €544.50 outstanding.
  it('stays suspended after paying the two overdue invoices while the March invoice (due 19 Mar) is open', () => {
    const life = totaldesk();
    life.tickTo('2026-03-06');
    pay(life, 2 * 18150, '2026-03-10'); // €363.00
    expect(suspensionReasons(life, 'sub_td')).toEqual(['arrears']);
    expect(restores(life)).toEqual([]);
  });

  it('reactivates when €544.50 clears all three', () => {
    const life = totaldesk();
    life.tickTo('2026-03-06');
    pay(life, 3 * 18150, '2026-03-10');
    expect(suspensionReasons(life, 'sub_td')).toEqual([]);
    expect(restores(life)).toEqual([expect.objectContaining({ subscriptionId: 'sub_td', seats: 3, reason: 'reactivated', rule: 'R-REACT-01' })]);
    expect(life.emails('reactivation.notice')).toHaveLength(1);
  });

  it('reactivates on a recorded written arrangement without full payment', () => {
    const life = totaldesk();
    life.tickTo('2026-03-06');
    life.send('customer.arrangement_recorded', { customerId: 'cus_1', note: 'pays €100 a month from April' }, '2026-03-09');
    expect(suspensionReasons(life, 'sub_td')).toEqual([]);
    expect(life.eventsOf('SuspensionLifted')[0]!.data).toMatchObject({ basis: 'written arrangement' });
  });
});

describe('R-REACT-02 totaldesk reactivation fee €25 × seats at suspension, once per suspension', () => {
  it('invoices 3 seats × €25 = €75 net + €15.75 VAT = €90.75, even after seats went up to 5 in the meantime', () => {
    const life = totaldesk();
    life.tickTo('2026-03-06');
    life.send('subscription.seats_changed', { subscriptionId: 'sub_td', seats: 5 }, '2026-03-08');
    pay(life, 3 * 18150, '2026-03-10');
    const fees = life.invoices().filter((i) => i.lines.some((l) => l.kind === 'reactivation'));
    expect(fees).toHaveLength(1);
    expect(fees[0]).toMatchObject({ issuedOn: '2026-03-10', netCents: 7500, vatCents: 1575, totalCents: 9075 });
    expect(fees[0]!.lines[0]).toMatchObject({ quantity: 3, unitCents: 2500, rule: 'R-REACT-02' });
  });

  it('charges no fee when a dispute, not a payment, takes the last debt out of the arrears (R-PAY-05)', () => {
    const life = totaldesk();
    life.tickTo('2026-03-06'); // suspended: the 5 Jan invoice is unpaid two months and a day
    pay(life, 18150, '2026-03-09', 'cus_1-0002', 'pay_feb'); // February's, named
    pay(life, 18150, '2026-03-09', 'cus_1-0003', 'pay_mar'); // March's, named
    expect(suspensionReasons(life, 'sub_td')).toEqual(['arrears']);
    life.send('invoice.disputed', { invoiceId: 'cus_1-0001', customerId: 'cus_1' }, '2026-03-10');
    expect(suspensionReasons(life, 'sub_td')).toEqual([]);
    expect(life.eventsOf('SuspensionLifted')[0]!.data).toMatchObject({ basis: 'the unpaid invoices are disputed', feeWaived: 'the arrears were disputed, not paid' });
    expect(life.invoices().filter((i) => i.lines.some((l) => l.kind === 'reactivation'))).toEqual([]);
  });

  it('charges the fee once: a further payment and ticks do not invoice it again', () => {
    const life = totaldesk();
    life.tickTo('2026-03-06');
    pay(life, 3 * 18150, '2026-03-10');
    pay(life, 9075, '2026-03-11');
    life.tickTo('2026-03-12');
    life.tickTo('2026-03-12');
    expect(life.invoices().filter((i) => i.lines.some((l) => l.kind === 'reactivation'))).toHaveLength(1);
  });

  it('charges again for a second suspension: the unpaid fee invoice of 10 Mar suspends again from 11 May', () => {
    const life = totaldesk();
    life.tickTo('2026-03-06');
    pay(life, 3 * 18150, '2026-03-10'); // reactivated; fee invoice €90.75 issued 10 Mar
    // Nothing more is paid: the fee invoice of 10 Mar + 2 months = 10 May → suspended again from 11 May
    // (the April invoice of 5 Apr crosses its threshold later, on 6 June).
    life.tickTo('2026-05-11');
    expect(liveSub(life, 'sub_td').suspensions[0]).toMatchObject({ reason: 'arrears', since: at('2026-05-11') });
    const open = life.invoices().reduce((s, i) => s + i.totalCents - i.paidCents, 0);
    pay(life, open, '2026-05-12');
    expect(life.invoices().filter((i) => i.lines.some((l) => l.kind === 'reactivation'))).toHaveLength(2);
  });

  it('charges no fee when the payment was made before the suspension and only arrived after it', () => {
    const life = totaldesk();
    // Paid on 5 March at 10:00 (before the 6 March suspension), delivered on 7 March.
    life.tickTo('2026-03-07');
    expect(suspensionReasons(life, 'sub_td')).toEqual(['arrears']);
    life.apply(
      { id: 'late_pay', type: 'payment.succeeded', occurredAt: '2026-03-05T09:00:00.000Z', data: { paymentId: 'p_early', customerId: 'cus_1', amountCents: 3 * 18150, method: 'bank_transfer' } },
      at('2026-03-07T10:00:00+01:00'),
    );
    expect(suspensionReasons(life, 'sub_td')).toEqual([]);
    expect(life.invoices().filter((i) => i.lines.some((l) => l.kind === 'reactivation'))).toEqual([]);
    expect(life.eventsOf('SuspensionLifted')[0]!.data).toMatchObject({ paidBeforeSuspension: true });
  });
});

describe('R-REACT-03 reseller restored: its organisations get access back too', () => {
  it('asks for reseller.restored when the reseller account is reactivated', () => {
    const life = totaldesk();
    life.send('customer.reseller_account_linked', { customerId: 'cus_1', resellerId: 'res_1' }, '2026-01-06');
    life.tickTo('2026-03-06');
    pay(life, 3 * 18150, '2026-03-10');
    expect(followUps(life)).toEqual([
      { type: 'reseller.suspended', data: { resellerId: 'res_1', since: at('2026-03-06') } },
      { type: 'reseller.restored', data: { resellerId: 'res_1' } },
    ]);
  });
});

describe('R-DUN-01 total-progress ladder: reminder, formal notice 14 days later, default 14 days after that', () => {
  /**
   * Business on total-progress, €400 a year incl. VAT, paid and started 10 Jan 2026. Year two is
   * invoiced 10 Jan 2027, due 8 days later (18 Jan). Reminder on 19 Jan; formal notice 19 + 14 =
   * 2 Feb; default 2 Feb + 14 = 16 Feb.
   */
  function ladder(priceCents: number): Life {
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_tp', customerId: 'cus_1', termsId: 'total-progress', plan: year(priceCents), seats: 1 });
    pay(life, priceCents, '2026-01-10');
    life.tickTo('2027-01-10');
    return life;
  }

  it('sends the reminder on due date + 1 (19 Jan 2027), not on the due date', () => {
    const life = ladder(40000);
    life.tickTo('2027-01-18');
    expect(life.emails('dunning.reminder')).toEqual([]);
    life.tickTo('2027-01-19');
    expect(life.emails('dunning.reminder')).toEqual([expect.objectContaining({ facts: expect.objectContaining({ invoiceId: 'cus_1-0002', dueOn: '2027-01-18', openCents: 40000 }) })]);
  });

  it('R-DUN-04: the reminder of 19 Jan asks for payment by 1 Feb, the last day before the formal notice of 2 Feb (19 Jan + 14), which says the same', () => {
    const life = ladder(40000);
    life.tickTo('2027-01-19');
    expect(life.emails('dunning.reminder')[0]!.facts).toMatchObject({ payBy: '2027-02-01', next: { step: 'formalNotice', on: '2027-02-02' }, inDefault: false });
    life.tickTo('2027-02-01');
    expect(life.emails('dunning.formal_notice')).toEqual([]);
    life.tickTo('2027-02-02');
    // The notice recalls the reminder's own deadline, and gives its own: the day before default (2 Feb + 14 = 16 Feb).
    expect(life.emails('dunning.formal_notice')[0]!.facts).toMatchObject({ reminder: { sentOn: '2027-01-19', payBy: '2027-02-01' }, payBy: '2027-02-15', next: { step: 'default', on: '2027-02-16' } });
    life.tickTo('2027-02-15');
    expect(life.eventsOf('CustomerInDefault')).toEqual([]);
    life.tickTo('2027-02-16');
    expect(life.eventsOf('CustomerInDefault')).toHaveLength(1);
  });

  it('R-DUN-02: the default notice names the commercial rate of art. 6:119a BW for a business, from the day after the due date', () => {
    const life = ladder(40000);
    life.tickTo('2027-02-16');
    expect(life.emails('dunning.default_notice')[0]!.facts).toMatchObject({ interest: { kind: 'statutoryCommercial' }, interestFrom: '2027-01-19' });
  });

  it('sends the formal notice on 2 Feb with costs 15% of €400 = €60 + €5 administration = €65', () => {
    const life = ladder(40000);
    life.tickTo('2027-02-01');
    expect(life.emails('dunning.formal_notice')).toEqual([]);
    life.tickTo('2027-02-02');
    expect(life.emails('dunning.formal_notice')).toEqual([expect.objectContaining({ facts: expect.objectContaining({ costsCents: 6500, costsWhen: 'chargedNow', payBy: '2027-02-15' }) })]);
    const costs = life.invoices().find((i) => i.lines.some((l) => l.kind === 'collection-costs'));
    // R-DUN-03 / R-PAY-01: the costs invoice is payable within 000's term of 8 days (§3.4), not on the day it is issued: 2 Feb + 8 = 10 Feb.
    expect(costs).toMatchObject({ issuedOn: '2027-02-02', dueOn: '2027-02-10', totalCents: 6500, vatCents: 0, category: 'accessory' });
    expect(life.emails('invoice.issued').find((e) => e.facts['invoiceId'] === costs!.id)!.facts).toMatchObject({ purpose: 'collectionCosts', dueOn: '2027-02-10' });
  });

  it('puts the customer in default on 16 Feb with a default notice', () => {
    const life = ladder(40000);
    life.tickTo('2027-02-15');
    expect(life.eventsOf('CustomerInDefault')).toEqual([]);
    life.tickTo('2027-02-16');
    expect(life.eventsOf('CustomerInDefault')).toEqual([expect.objectContaining({ at: at('2027-02-16'), rule: 'R-DUN-01' })]);
    expect(life.emails('dunning.default_notice')).toHaveLength(1);
  });

  it('charges a business at least €40 (6:96 lid 4): €100 → 15% = €15, min €25, + €5 = €30 → €40', () => {
    const life = ladder(10000);
    life.tickTo('2027-02-02');
    const costs = life.invoices().find((i) => i.lines.some((l) => l.kind === 'collection-costs'));
    expect(costs).toMatchObject({ totalCents: 4000 });
    expect(life.eventsOf('CollectionCostsCharged')[0]!.data).toMatchObject({ guardrail: expect.stringContaining('€40') });
  });

  it('stops the ladder when the invoice is paid before the formal notice', () => {
    const life = ladder(40000);
    life.tickTo('2027-01-19');
    pay(life, 40000, '2027-01-25');
    life.tickTo('2027-03-01');
    expect(life.emails('dunning.formal_notice')).toEqual([]);
    expect(life.eventsOf('CustomerInDefault')).toEqual([]);
  });
});

describe('R-DUN-01 into-telecom: default on the day after the due date, with a reminder', () => {
  // €72.60 invoice of 10 Jan, due 24 Jan: reminder and default both on 25 Jan.
  it('reminds and puts in default on 25 Jan and charges the contract\'s €250 minimum (R-DUN-03)', () => {
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_a', customerId: 'cus_1', termsId: 'into-telecom', plan: month(3000), seats: 2 });
    life.tickTo('2026-01-24');
    expect(life.eventsOf('CustomerInDefault')).toEqual([]);
    life.tickTo('2026-01-25');
    expect(life.emails('dunning.reminder')).toHaveLength(1);
    expect(life.eventsOf('CustomerInDefault')).toEqual([expect.objectContaining({ at: at('2026-01-25') })]);
    // WIK on €72.60 = 15% = €10.89, below the scale's €40; the contract's floor is €250.
    const costs = life.invoices().find((i) => i.lines.some((l) => l.kind === 'collection-costs'));
    expect(costs).toMatchObject({ issuedOn: '2026-01-25', totalCents: 25000 });
  });

  it('charges the €250 once when two invoices fall into collection on the same day: one claim (R-DUN-03)', () => {
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_a', customerId: 'cus_1', termsId: 'into-telecom', plan: month(3000), seats: 2 });
    life.send('subscription.created', { subscriptionId: 'sub_b', customerId: 'cus_1', termsId: 'into-telecom', plan: month(1000), seats: 1 });
    life.tickTo('2026-01-25');
    // €72.60 + €12.10 = €84.70 in default on 25 Jan: WIK 15% = €12.71 < €40 < the contract's €250.
    const costs = life.invoices().filter((i) => i.lines.some((l) => l.kind === 'collection-costs'));
    expect(costs.map((i) => i.totalCents)).toEqual([25000]);
    expect(life.eventsOf('CollectionCostsCharged').map((e) => e.data['costsCents'])).toEqual([25000, 0]);
    expect(life.invoices().filter((i) => i.category === 'principal').every((i) => i.dunning.costsInvoiceId === costs[0]!.id)).toBe(true);
  });
});

describe('R-DUN-03 total-internet-group: an immediate 15% penalty, at least €75', () => {
  // 10–31 January in arrears by calendar month (R-BILL-01): invoiced 1 Feb, 22/31 × €100 = €70.97
  // + 21% = €85.87, due 30 days later = 3 Mar; default 4 Mar.
  it('charges €75 on 4 Mar because 15% of €85.87 = €12.88 is below the minimum', () => {
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(10000), seats: 1 });
    life.tickTo('2026-03-03');
    expect(life.invoices()[0]).toMatchObject({ issuedOn: '2026-02-01', dueOn: '2026-03-03', totalCents: 8587 });
    expect(life.invoices().some((i) => i.category === 'accessory')).toBe(false);
    life.tickTo('2026-03-04');
    expect(life.invoices().find((i) => i.category === 'accessory')).toMatchObject({ issuedOn: '2026-03-04', totalCents: 7500 });
  });
});

describe('R-DUN-02 late interest in the dunning letters', () => {
  // Into-telecom: €72.60 due 24 Jan 2026; commercial interest 10.15% from 25 Jan.
  // The reminder of 25 Jan shows 0 days of interest: €0.00.
  it('shows no interest on the first day of default', () => {
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_a', customerId: 'cus_1', termsId: 'into-telecom', plan: month(3000), seats: 2 });
    life.tickTo('2026-01-25');
    expect(life.emails('dunning.reminder')[0]!.facts).toMatchObject({ interestCents: 0 });
  });
});

describe('R-DUN-04 each dunning e-mail once per invoice and step', () => {
  function consumerYearTwo(): Life {
    const life = new Life('2026-01-10');
    life.send('customer.created', consumer());
    life.send('subscription.created', { subscriptionId: 'sub_tp', customerId: 'cus_c', termsId: 'total-progress', plan: year(24000), seats: 1 });
    pay(life, 24000, '2026-01-10');
    return life;
  }

  it('sends reminder, formal notice, default notice and 14-day letter once each, ticking every day and twice a day', () => {
    const life = consumerYearTwo();
    for (let d = at('2027-01-10'); d <= at('2027-03-20'); ) {
      const day = d.slice(0, 10);
      life.tickTo(day);
      life.tickTo(day);
      d = at(new Date(Date.parse(d) + 36 * 3600_000).toISOString().slice(0, 10));
    }
    for (const t of ['dunning.reminder', 'dunning.formal_notice', 'dunning.default_notice', 'dunning.fourteen_day_letter']) {
      expect(life.emails(t).filter((e) => e.facts['invoiceId'] === 'cus_c-0002'), t).toHaveLength(1);
    }
  });

  it('sends the same e-mails when the clock jumps ten weeks at once', () => {
    const daily = consumerYearTwo();
    daily.tickTo('2027-01-19');
    daily.tickTo('2027-02-02');
    daily.tickTo('2027-02-16');
    daily.tickTo('2027-03-20');
    const jump = consumerYearTwo();
    jump.tickTo('2027-03-20');
    const keys = (l: Life) => l.emails().map((e) => e.key).sort();
    expect(keys(jump)).toEqual(keys(daily));
  });

  it('writes in the customer\'s language', () => {
    const life = new Life('2026-01-10');
    life.send('customer.created', business('cus_1', { language: 'en' }));
    life.send('subscription.created', { subscriptionId: 'sub_a', customerId: 'cus_1', termsId: 'into-telecom', plan: month(3000), seats: 2 });
    life.tickTo('2026-01-25');
    expect(life.emails('dunning.reminder')[0]).toMatchObject({ language: 'en', to: 'finance@devries.example' });
  });
});
