/**
 * Whole lives on the simulated clock, one per preset (plus consumer/business variants where the
 * legal guardrails change the outcome). Every date and amount is worked out by hand in the
 * comments next to the assertion; the domain must agree to the cent and to the day.
 */
import { describe, expect, it } from 'vitest';
import { localDateOf } from './calendar.js';
import type { AuditEvent, Invoice, LiveSubscription, Subscription } from './types.js';
import { Life, business, consumer } from '../test/support/life.js';

/** Local days on which audit events of `type` happened (for `sub` when given). */
const daysOf = (l: Life, type: AuditEvent['type'], sub?: string): string[] =>
  l.eventsOf(type).filter((e) => sub === undefined || e.subscriptionId === sub).map((e) => localDateOf(e.at));

const live = (s: Subscription): LiveSubscription => {
  if (s.status !== 'live') throw new Error(`expected ${s.id} live, is ${s.status}`);
  return s;
};
const suspendedFor = (s: Subscription): string[] => (s.status === 'live' ? s.suspensions.map((x) => x.reason) : []);
const inv = (l: Life, id: string): Invoice => {
  const i = l.invoices().find((x) => x.id === id);
  if (!i) throw new Error(`no invoice ${id}`);
  return i;
};
const money = (i: Invoice) => ({ net: i.netCents, vat: i.vatCents, total: i.totalCents, paid: i.paidCents });
const accessEffects = (l: Life, sub: string) => l.access().filter((e) => e.subscriptionId === sub).map((e) => `${e.action}:${e.reason}:${localDateOf(e.key.split(':').slice(4).join(':'))}:${e.seats}`);
const deletes = (l: Life, sub: string) => l.effects.filter((e) => e.kind === 'data.delete' && e.subscriptionId === sub);

describe('totaldesk (001): a business customer with three seats, from activation to deletion', () => {
  it('suspends, reactivates with the per-seat fee, proposes dissolution, ends with remaining charges and costs, deletes after the export window', () => {
    const l = new Life('2026-02-01T09:00:00+01:00');
    l.send('customer.created', business('cus_1', { directDebit: true })); // direct debit: no 2% surcharge (R-PAY-02)
    l.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'totaldesk', plan: { name: 'Online werkplek', priceCents: 5000, period: 'month' }, seats: 3 });
    l.send('subscription.activated', { subscriptionId: 'sub_1' });

    // R-START-01/02: active on 2026-02-01, first invoice at activation. 3 × €50 = €150.00 net,
    // VAT 21% = €31.50, gross €181.50; payment term 14 days → due 2026-02-15.
    expect(live(l.sub('sub_1')).activatedOn).toBe('2026-02-01');
    expect(money(inv(l, 'cus_1-0001'))).toEqual({ net: 15000, vat: 3150, total: 18150, paid: 0 });
    expect(inv(l, 'cus_1-0001').dueOn).toBe('2026-02-15');
    expect(accessEffects(l, 'sub_1')).toEqual(['restore:reactivated:2026-02-01:3']);

    // Pays February and March (invoice 0002 issued 2026-03-01).
    l.send('payment.succeeded', { paymentId: 'pay_feb', customerId: 'cus_1', amountCents: 18150, method: 'direct_debit' }, '2026-02-10T10:00:00+01:00');
    l.send('payment.succeeded', { paymentId: 'pay_mar', customerId: 'cus_1', amountCents: 18150, method: 'direct_debit' }, '2026-03-10T10:00:00+01:00');
    expect(inv(l, 'cus_1-0002').issuedOn).toBe('2026-03-01');
    expect(inv(l, 'cus_1-0002').paidCents).toBe(18150);
    // The one-month minimum term ends 2026-03-01; the contract continues indefinitely (R-RENEW-02).
    expect(daysOf(l, 'SubscriptionContinuedIndefinitely')).toEqual(['2026-03-01']);

    // Payments stop. April's invoice 0003: issued 2026-04-01, due 04-15 → reminder on due + 1 = 04-16.
    l.tickTo('2026-04-15');
    expect(daysOf(l, 'ReminderSent')).toEqual([]);
    l.tickTo('2026-04-16');
    expect(inv(l, 'cus_1-0003')).toMatchObject({ issuedOn: '2026-04-01', dueOn: '2026-04-15', paidCents: 0 });
    expect(daysOf(l, 'ReminderSent')).toEqual(['2026-04-16']);
    expect(l.emails('dunning.reminder')).toHaveLength(1);

    // R-SUSP-01: "more than 2 months after the invoice date": 2026-04-01 + 2 months = 06-01; suspended
    // on the day after, 06-02 (not on 06-01). Invoices 0004 (05-01) and 0005 (06-01) are open too.
    l.tickTo('2026-06-01');
    expect(suspendedFor(l.sub('sub_1'))).toEqual([]);
    l.tickTo('2026-06-02');
    expect(suspendedFor(l.sub('sub_1'))).toEqual(['arrears']);
    expect(daysOf(l, 'SubscriptionSuspended')).toEqual(['2026-06-02']);
    expect(accessEffects(l, 'sub_1').at(-1)).toBe('revoke:arrears:2026-06-02:3');

    // R-REACT-01/02/03: everything outstanding paid on 2026-06-10: 0003 + 0004 + 0005 = 3 × €181.50
    // = €544.50. Access returns; fee 3 seats × €25 = €75.00 net + 21% VAT €15.75 = €90.75, due 06-24.
    l.send('payment.succeeded', { paymentId: 'pay_all', customerId: 'cus_1', amountCents: 54450, method: 'bank_transfer' }, '2026-06-10T10:00:00+02:00');
    expect(suspendedFor(l.sub('sub_1'))).toEqual([]);
    expect(accessEffects(l, 'sub_1').at(-1)).toBe('restore:reactivated:2026-06-10:3');
    const fee = inv(l, 'cus_1-0006');
    expect(fee.lines.map((x) => x.kind)).toEqual(['reactivation']);
    expect(money(fee)).toEqual({ net: 7500, vat: 1575, total: 9075, paid: 0 });
    expect(fee.dueOn).toBe('2026-06-24');
    expect(l.emails('reactivation.notice')).toHaveLength(1);

    // Payments stop again. The oldest unpaid invoice is now the fee (issued 06-10): suspended again
    // on 06-10 + 2 months + 1 day = 08-11.
    l.tickTo('2026-08-10');
    expect(suspendedFor(l.sub('sub_1'))).toEqual([]);
    l.tickTo('2026-08-11');
    expect(suspendedFor(l.sub('sub_1'))).toEqual(['arrears']);

    // R-DISS-01 (manual): 06-10 + 4 months = 10-10, "more than" → proposed on 10-11.
    l.tickTo('2026-10-10');
    expect(daysOf(l, 'DissolutionProposed')).toEqual([]);
    l.tickTo('2026-10-11');
    expect(daysOf(l, 'DissolutionProposed')).toEqual(['2026-10-11']);
    expect(live(l.sub('sub_1')).dissolutionProposed?.rule).toBe('R-DISS-01');
    expect(l.sub('sub_1').status).toBe('live'); // manual: waits for the provider

    // The provider confirms on 2026-10-12.
    l.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_1' }, '2026-10-12T10:00:00+02:00');
    const ended = l.sub('sub_1');
    expect(ended).toMatchObject({ status: 'ended', endedOn: '2026-10-12', endReason: 'dissolved' });
    expect(accessEffects(l, 'sub_1').at(-1)).toBe('revoke:ended:2026-10-12:3');
    // R-EARLY-01 for an indefinite contract: the earliest end by notice from 10-12 is 10-12 + 1 month
    // = 11-12, aligned to the end of the calendar month → 12-01. October (10-01..11-01) is already
    // invoiced (0010), so the lost revenue is 11-01..12-01: one month, €150 net + €31.50 = €181.50.
    const remaining = inv(l, 'cus_1-0011');
    expect(remaining.lines[0]).toMatchObject({ kind: 'early-termination', period: { start: '2026-11-01', end: '2026-12-01' } });
    expect(money(remaining)).toEqual({ net: 15000, vat: 3150, total: 18150, paid: 0 });
    // Handed to collection: overdue on 10-12 are 0006 (€90.75), 0007/0008/0009 (€181.50 each)
    // = €635.25. WIK: 15% × 635.25 = €95.2875 → €95.29 (above the €40 minimum).
    // Late interest (6:119a, actual/365; 10.15% until 07-01, 10.40% from 07-01):
    //   0006: 9075 × (6 d × 10.15% + 103 d × 10.40%) / 365 = 281.47 → 281 (from 06-25)
    //   0007: 18150 × 88 d × 10.40% / 365 = 455.09 → 455 (from 07-16)
    //   0008: 18150 × 57 d × 10.40% / 365 = 294.78 → 295 (from 08-16)
    //   0009: 18150 × 26 d × 10.40% / 365 = 134.46 → 134 (from 09-16)
    // Total 281 + 455 + 295 + 134 + 9529 = €106.94, no VAT on costs and interest.
    const claim = inv(l, 'cus_1-0012');
    expect(claim.category).toBe('accessory');
    expect(claim.lines.map((x) => [x.kind, x.grossCents])).toEqual([
      ['interest', 281], ['interest', 455], ['interest', 295], ['interest', 134], ['collection-costs', 9529],
    ]);
    expect(money(claim)).toEqual({ net: 10694, vat: 0, total: 10694, paid: 0 });
    // The June payment still pays what was owed in June (R-PAY-03): later claims do not take it.
    expect(['cus_1-0003', 'cus_1-0004', 'cus_1-0005'].map((id) => inv(l, id).paidCents)).toEqual([18150, 18150, 18150]);

    // R-DATA-02/03: export window 30 days from the end 10-12 (last day 11-10); deletion on 11-11.
    expect(ended.status === 'ended' && ended.exportWindowEndsOn).toBe('2026-11-10');
    l.tickTo('2026-11-10');
    expect(deletes(l, 'sub_1')).toEqual([]);
    l.tickTo('2026-11-11');
    expect(deletes(l, 'sub_1').map((e) => e.kind === 'data.delete' && e.scope)).toEqual(['hosted-data-and-backups', 'personal-data']);
    expect(daysOf(l, 'DataDeletionRequested')).toEqual(['2026-11-11']);
    l.send('data.deleted', { subscriptionId: 'sub_1' }, '2026-11-12T09:00:00+01:00');
    const gone = l.sub('sub_1');
    expect(gone.status === 'ended' && gone.dataDeletion?.confirmedAt).toBe('2026-11-12T08:00:00.000Z');
    expect(l.emails('deletion.done')).toHaveLength(1);
  });
});

describe('total-progress (000): yearly in advance, prices incl. VAT, starts on first payment', () => {
  const start = (who: 'consumer' | 'business') => {
    const l = new Life('2026-01-15T10:00:00+01:00');
    l.send('customer.created', who === 'consumer' ? consumer('cus_c') : business('cus_c'));
    l.send('subscription.created', { subscriptionId: 'sub_tp', customerId: 'cus_c', termsId: 'total-progress', plan: { name: 'Onderhoudsplan', priceCents: 60000, period: 'year' }, seats: 1 });
    return l;
  };

  it('consumer: pending until paid, continues indefinitely after the first year, 14-day letter, costs capped to WIK, cancels any day', () => {
    const l = start('consumer');
    // R-START-02: invoice at creation 2026-01-15; €600.00 incl. VAT → net 600/1.21 = 495.867… → €495.87,
    // VAT €104.13. Due after 8 days: 01-23. Not started yet (onFirstPayment).
    expect(money(inv(l, 'cus_c-0001'))).toEqual({ net: 49587, vat: 10413, total: 60000, paid: 0 });
    expect(inv(l, 'cus_c-0001').dueOn).toBe('2026-01-23');
    l.tickTo('2026-01-19');
    expect(l.sub('sub_tp').status).toBe('pending');
    expect(l.access()).toEqual([]);

    // R-START-01: paid 2026-01-20 → active that day; term 2026-01-20 – 2027-01-20 (exclusive).
    l.send('payment.succeeded', { paymentId: 'p1', customerId: 'cus_c', amountCents: 60000, method: 'ideal' }, '2026-01-20T12:00:00+01:00');
    expect(live(l.sub('sub_tp'))).toMatchObject({ activatedOn: '2026-01-20', term: { start: '2026-01-20', end: '2027-01-20', kind: 'initial' } });

    // Notice deadline one month before the term end: 2026-12-20.
    l.tickTo('2027-01-19');
    expect(daysOf(l, 'NoticeDeadline')).toEqual(['2026-12-20']);
    // R-RENEW-03 / R-LAW-02: on 2027-01-20 the consumer's contract continues indefinitely (no new year);
    // the second year is still invoiced in advance on 01-20, due 01-28.
    l.tickTo('2027-01-20');
    expect(live(l.sub('sub_tp')).term).toEqual({ start: '2027-01-20', end: null, kind: 'indefinite' });
    expect(daysOf(l, 'SubscriptionRenewed')).toEqual([]);
    expect(inv(l, 'cus_c-0002')).toMatchObject({ issuedOn: '2027-01-20', dueOn: '2027-01-28', totalCents: 60000 });

    // Unpaid. R-SUSP-01 (prepaid period overdue): reminder and suspension on 01-29.
    l.tickTo('2027-01-28');
    expect(suspendedFor(l.sub('sub_tp'))).toEqual([]);
    l.tickTo('2027-01-29');
    expect(suspendedFor(l.sub('sub_tp'))).toEqual(['arrears']);
    expect(daysOf(l, 'ReminderSent')).toEqual(['2027-01-29']);
    // R-DUN-01: formal notice 14 days after the reminder (02-12); default 14 days later (02-26).
    // R-LAW-01: the 14-day letter goes out on the day of default, 02-26; assumed received 02-28;
    // 14 days from the day after receipt end 03-14 → costs from 03-15, and not one day earlier.
    l.tickTo('2027-03-14');
    expect(daysOf(l, 'FormalNoticeSent')).toEqual(['2027-02-12']);
    expect(daysOf(l, 'CustomerInDefault')).toEqual(['2027-02-26']);
    expect(daysOf(l, 'FourteenDayLetterSent')).toEqual(['2027-02-26']);
    expect(daysOf(l, 'CollectionCostsCharged')).toEqual([]);
    l.tickTo('2027-03-15');
    // Contract: 15% × €600 = €90 (≥ €25 minimum) + €5 administration = €95. WIK on €600: 15% = €90.
    // The guardrail caps €95 to €90.
    const costs = l.eventsOf('CollectionCostsCharged')[0]!;
    expect(localDateOf(costs.at)).toBe('2027-03-15');
    expect(costs.rule).toBe('R-LAW-01');
    expect(costs.data['costsCents']).toBe(9000);
    expect(String(costs.data['guardrail'])).toContain('R-LAW-01');
    expect(money(inv(l, 'cus_c-0003'))).toEqual({ net: 9000, vat: 0, total: 9000, paid: 0 });

    // Pays €600 + €90 on 03-25: costs first (6:44 BW), then the invoice; suspension lifts, no fee (000 has none).
    l.send('payment.succeeded', { paymentId: 'p2', customerId: 'cus_c', amountCents: 69000, method: 'ideal' }, '2027-03-25T12:00:00+01:00');
    expect(suspendedFor(l.sub('sub_tp'))).toEqual([]);
    expect(l.invoices()).toHaveLength(3);
    expect(accessEffects(l, 'sub_tp')).toEqual(['restore:reactivated:2026-01-20:1', 'revoke:arrears:2027-01-29:1', 'restore:reactivated:2027-03-25:1']);

    // Indefinite for a consumer: one month's notice, any day (R-LAW-02): received 04-10 → ends 05-10.
    l.send('cancellation.requested', { subscriptionId: 'sub_tp', channel: 'email' }, '2027-04-10T12:00:00+02:00');
    expect(live(l.sub('sub_tp')).cancellation?.endsOn).toBe('2027-05-10');
    l.tickTo('2027-05-09');
    expect(l.sub('sub_tp').status).toBe('live');
    l.tickTo('2027-05-10');
    expect(l.sub('sub_tp')).toMatchObject({ status: 'ended', endedOn: '2027-05-10', endReason: 'cancelled' });
    // R-DATA-02/03: 000 has no export window: deletion on the end day itself.
    expect(deletes(l, 'sub_tp')).toHaveLength(2);
    expect(daysOf(l, 'DataDeletionRequested')).toEqual(['2027-05-10']);
  });

  it('business: renews for the same year (R-RENEW-01) and owes the contractual costs at the formal notice', () => {
    const l = start('business');
    l.send('payment.succeeded', { paymentId: 'p1', customerId: 'cus_c', amountCents: 60000, method: 'ideal' }, '2026-01-20T12:00:00+01:00');
    l.tickTo('2027-01-20');
    // No guardrail: the term renews 2027-01-20 – 2028-01-20.
    expect(live(l.sub('sub_tp')).term).toEqual({ start: '2027-01-20', end: '2028-01-20', kind: 'renewal' });
    // Formal notice 02-12 carries the costs at once: 15% × €600 = €90 + €5 = €95, no cap, no 14-day letter.
    l.tickTo('2027-02-12');
    expect(daysOf(l, 'CollectionCostsCharged')).toEqual(['2027-02-12']);
    expect(l.eventsOf('CollectionCostsCharged')[0]!.data['costsCents']).toBe(9500);
    expect(daysOf(l, 'FourteenDayLetterSent')).toEqual([]);
    // A business cancelling in the renewed year: notice must end at a term end → 2028-01-20.
    l.send('cancellation.requested', { subscriptionId: 'sub_tp', channel: 'email' }, '2027-04-10T12:00:00+02:00');
    expect(live(l.sub('sub_tp')).cancellation?.endsOn).toBe('2028-01-20');
  });
});

describe('computerstudent (002): monthly in arrears by calendar month, ends on the first of a month', () => {
  const start = (who: 'consumer' | 'business') => {
    const l = new Life('2026-03-10T10:00:00+01:00');
    l.send('customer.created', who === 'consumer' ? consumer('cus_1') : business('cus_1'));
    l.send('subscription.created', { subscriptionId: 'sub_cs', customerId: 'cus_1', termsId: 'computerstudent', plan: { name: 'IT-support', priceCents: 4000, period: 'month' }, seats: 1 });
    // Active on acceptance 2026-03-10; billed by calendar month (R-BILL-01, 002 art. 6.1), so period 0
    // is 03-10 – 03-31, invoiced the day after: 04-01. 22 of 31 days × €40 = €28.387… → €28.39,
    // VAT 21% = €5.96, gross €34.35, due 14 days later: 04-15. Paid on the due date.
    l.send('payment.succeeded', { paymentId: 'p1', customerId: 'cus_1', amountCents: 3435, method: 'ideal' }, '2026-04-15T12:00:00+02:00');
    return l;
  };

  it('business: €40 statutory minimum on default the day after due, ends 00:00 on the first of the month after notice', () => {
    const l = start('business');
    expect(inv(l, 'cus_1-0001')).toMatchObject({ issuedOn: '2026-04-01', dueOn: '2026-04-15', netCents: 2839, vatCents: 596, totalCents: 3435, paidCents: 3435 });
    expect(inv(l, 'cus_1-0001').lines[0]).toMatchObject({ period: { start: '2026-03-10', end: '2026-04-01' }, rule: 'R-BILL-01' });
    expect(l.invoices()).toHaveLength(1); // nothing in advance
    // April's invoice (05-01: the whole month, €40 + €8.40 = €48.40, due 05-15) stays unpaid: in
    // default on 05-16 without notice (002 art. 12.2).
    l.tickTo('2026-05-15');
    expect(inv(l, 'cus_1-0002')).toMatchObject({ issuedOn: '2026-05-01', dueOn: '2026-05-15', totalCents: 4840 });
    expect(inv(l, 'cus_1-0002').lines[0]).toMatchObject({ period: { start: '2026-04-01', end: '2026-05-01' }, rule: 'R-START-02' });
    expect(daysOf(l, 'CustomerInDefault')).toEqual([]);
    l.tickTo('2026-05-16');
    expect(daysOf(l, 'CustomerInDefault')).toEqual(['2026-05-16']);
    // Costs: 10% × €48.40 = €4.84, below the €40 a business owes at least (6:96 lid 4) → €40, at once.
    const costs = l.eventsOf('CollectionCostsCharged')[0]!;
    expect(localDateOf(costs.at)).toBe('2026-05-16');
    expect(costs.data['costsCents']).toBe(4000);
    expect(String(costs.data['guardrail'])).toContain('€40');
    expect(suspendedFor(l.sub('sub_cs'))).toEqual([]); // 002 does not suspend

    // Cancels 06-15 by e-mail: + 1 month = 07-15 → first of the next month, 08-01 (last day 07-31).
    l.send('cancellation.requested', { subscriptionId: 'sub_cs', channel: 'email' }, '2026-06-15T12:00:00+02:00');
    expect(live(l.sub('sub_cs')).cancellation?.endsOn).toBe('2026-08-01');
    l.tickTo('2026-08-01');
    expect(l.sub('sub_cs')).toMatchObject({ status: 'ended', endedOn: '2026-08-01' });
    // The end falls on a period boundary: the final invoice on 08-01 is the whole of July, €40 + €8.40 = €48.40.
    const last = l.invoices().filter((i) => i.category === 'principal').at(-1)!;
    expect(last.lines[0]).toMatchObject({ period: { start: '2026-07-01', end: '2026-08-01' } });
    expect(money(last)).toEqual({ net: 4000, vat: 840, total: 4840, paid: 0 });
    expect(last.issuedOn).toBe('2026-08-01');
    // Every day from 03-10 to 07-31 billed once: March's 22 days, then April–July whole.
    expect(l.invoices().filter((i) => i.category === 'principal').map((i) => i.lines[0]!.period)).toEqual([
      { start: '2026-03-10', end: '2026-04-01' }, { start: '2026-04-01', end: '2026-05-01' }, { start: '2026-05-01', end: '2026-06-01' },
      { start: '2026-06-01', end: '2026-07-01' }, { start: '2026-07-01', end: '2026-08-01' },
    ]);
  });

  it('consumer: costs only after the 14-day letter and within WIK; cancels on any day after one month (R-LAW-02)', () => {
    const l = start('consumer');
    // Default 05-16 as for a business, but no costs that day: 14-day letter 05-16, received 05-18,
    // 14 days from 05-19 end 06-01 → costs on 06-02.
    l.tickTo('2026-06-01');
    expect(daysOf(l, 'FourteenDayLetterSent')).toEqual(['2026-05-16']);
    expect(daysOf(l, 'CollectionCostsCharged')).toEqual([]);
    l.tickTo('2026-06-02');
    // 10% × €48.40 = €4.84: within the WIK scale (min €40), so the contract's figure stands; no €40 minimum for consumers.
    const costs = l.eventsOf('CollectionCostsCharged')[0]!;
    expect(localDateOf(costs.at)).toBe('2026-06-02');
    expect(costs.rule).toBe('R-LAW-01');
    expect(costs.data['costsCents']).toBe(484);

    // Cancels 06-15: one month's notice, not tied to the first of a month → ends 07-15.
    l.send('cancellation.requested', { subscriptionId: 'sub_cs', channel: 'email' }, '2026-06-15T12:00:00+02:00');
    expect(live(l.sub('sub_cs')).cancellation?.endsOn).toBe('2026-07-15');
    l.tickTo('2026-07-15');
    // Final invoice 07-01 – 07-15: 14/31 × €40 = €18.064… → €18.06 + VAT €3.79 = €21.85.
    const last = l.invoices().filter((i) => i.category === 'principal').at(-1)!;
    expect(last.lines[0]).toMatchObject({ period: { start: '2026-07-01', end: '2026-07-15' }, rule: 'R-BILL-01' });
    expect(money(last)).toEqual({ net: 1806, vat: 379, total: 2185, paid: 0 });
    expect(last.issuedOn).toBe('2026-07-15');
    expect(l.sub('sub_cs')).toMatchObject({ status: 'ended', endedOn: '2026-07-15' });
  });
});

describe('total-internet-group (003): in arrears by calendar month, 30-day term, 15%/€75 penalty, half-yearly indexation, two months notice', () => {
  it('walks a part-month first invoice, default, penalty, indexation less earlier increases, a refused phone cancellation and the end on the first of a month', () => {
    const l = new Life('2026-01-15T10:00:00+01:00');
    l.send('customer.created', business('cus_1'));
    l.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: { name: 'Hosting', priceCents: 20000, period: 'month' }, seats: 1 });
    // Art. 18.3: "eens per kalendermaand achteraf" (R-BILL-01): 15–31 January invoiced on 02-01,
    // 17/31 × €200.00 = €109.677… → €109.68, VAT 21% = €23.0328 → €23.03, total €132.71;
    // due 30 days after the invoice date (art. 5.1): 02-01 + 30 = 03-03.
    l.tickTo('2026-01-31');
    expect(l.invoices()).toEqual([]);
    l.tickTo('2026-02-01');
    expect(inv(l, 'cus_1-0001')).toMatchObject({ issuedOn: '2026-02-01', dueOn: '2026-03-03', netCents: 10968, vatCents: 2303, totalCents: 13271 });
    expect(inv(l, 'cus_1-0001').lines.map((x) => [x.period, x.quantity, x.unitCents, x.netCents, x.rule])).toEqual([[{ start: '2026-01-15', end: '2026-02-01' }, 1, 20000, 10968, 'R-BILL-01']]);
    // February whole on 03-01: €200 + €42 = €242, due 03-31.
    l.tickTo('2026-03-03');
    expect(inv(l, 'cus_1-0002')).toMatchObject({ issuedOn: '2026-03-01', dueOn: '2026-03-31', totalCents: 24200 });
    expect(daysOf(l, 'CustomerInDefault')).toEqual([]);
    // Default 03-04; penalty at once: 15% × €132.71 = €19.91 < €75 minimum → €75.
    l.tickTo('2026-03-04');
    expect(daysOf(l, 'CustomerInDefault')).toEqual(['2026-03-04']);
    expect(money(inv(l, 'cus_1-0003'))).toEqual({ net: 7500, vat: 0, total: 7500, paid: 0 });
    // Pays €75 + €132.71 + €242 = €449.71 on 03-10: penalty first (6:44), then January, then February.
    l.send('payment.succeeded', { paymentId: 'p1', customerId: 'cus_1', amountCents: 44971, method: 'bank_transfer' }, '2026-03-10T12:00:00+01:00');
    expect(l.invoices().map((i) => i.paidCents)).toEqual([13271, 24200, 7500]);

    // R-PRICE-02: +2% from 04-01 → €204; the July index +3% less the 2% of the previous six months → +1%
    // → €204 × 1.01 = €206.04.
    l.send('terms.price_change_announced', { termsId: 'total-internet-group', effectiveAt: '2026-04-01', changePct: 2 }, '2026-03-15T12:00:00+01:00');
    l.send('terms.price_change_announced', { termsId: 'total-internet-group', effectiveAt: '2026-07-01', changePct: 3 }, '2026-06-01T12:00:00+02:00');
    expect(l.eventsOf('PriceChangeAnnounced').map((e) => [e.data['changeBp'], e.data['toCents']])).toEqual([[200, 20400], [100, 20604]]);
    // March, invoiced 04-01 (the day the index takes effect), is March's service: all at €200, €242.
    expect(inv(l, 'cus_1-0004')).toMatchObject({ issuedOn: '2026-04-01', netCents: 20000, totalCents: 24200 });
    // April (05-01) at €204: €204 + €42.84 = €246.84. (0004 unpaid: its €75 penalty is 0006, on 05-02.)
    expect(inv(l, 'cus_1-0005')).toMatchObject({ issuedOn: '2026-05-01', netCents: 20400, totalCents: 24684 });

    // R-NOTICE-04: 003 needs a written cancellation; by phone it is refused and nothing changes.
    const refused = l.send('cancellation.requested', { subscriptionId: 'sub_h', channel: 'phone' }, '2026-07-10T12:00:00+02:00');
    expect(refused.outcome).toBe('refused');
    expect(refused.refusal?.rule).toBe('R-NOTICE-04');
    expect(live(l.sub('sub_h')).cancellation).toBeNull();
    // By e-mail: 07-10 + 2 months = 09-10 → first of a month (art. 17.9): 10-01.
    l.send('cancellation.requested', { subscriptionId: 'sub_h', channel: 'email' }, '2026-07-10T13:00:00+02:00');
    expect(live(l.sub('sub_h')).cancellation?.endsOn).toBe('2026-10-01');
    // June, invoiced 07-01 when July's index takes effect, still at €204; July (08-01) at €206.04.
    expect(l.invoices().find((i) => i.issuedOn === '2026-07-01')).toMatchObject({ netCents: 20400 });
    l.tickTo('2026-09-30');
    expect(l.invoices().find((i) => i.issuedOn === '2026-08-01')).toMatchObject({ netCents: 20604 });
    expect(l.sub('sub_h').status).toBe('live');
    l.tickTo('2026-10-01');
    expect(l.sub('sub_h')).toMatchObject({ status: 'ended', endedOn: '2026-10-01' });
    // Last invoice for September on 10-01 at the indexed price: €206.04 + €43.2684 → €43.27 = €249.31.
    const principal = l.invoices().filter((i) => i.category === 'principal');
    const last = principal.at(-1)!;
    expect(last).toMatchObject({ issuedOn: '2026-10-01', netCents: 20604, vatCents: 4327, totalCents: 24931 });
    expect(last.lines[0]!.period).toEqual({ start: '2026-09-01', end: '2026-10-01' });
    // R-BILL-01 with R-NOTICE-02: the end on the first of a month is a period boundary, so every day
    // from 01-15 to 09-30 is billed once: January's 17 days, then February–September whole.
    expect(principal.map((i) => i.lines[0]!.period)).toEqual(['01-15', '02-01', '03-01', '04-01', '05-01', '06-01', '07-01', '08-01', '09-01'].map((d, k, all) => ({ start: `2026-${d}`, end: k + 1 < all.length ? `2026-${all[k + 1]}` : '2026-10-01' })));
    // No invoice after the end; every later month unpaid was penalised €75 on its default day.
    expect(l.invoices().filter((i) => i.issuedOn > '2026-10-01' && i.category === 'principal')).toEqual([]);
  });
});

describe('into-telecom (004): 12-month minimum, registered mail, customer-wide suspension, early termination fee', () => {
  it('suspends every subscription of the customer for one overdue invoice and invoices the remaining months on early termination', () => {
    const l = new Life('2026-01-01T10:00:00+01:00');
    l.send('customer.created', business('cus_1'));
    l.send('subscription.created', { subscriptionId: 'sub_v', customerId: 'cus_1', termsId: 'into-telecom', plan: { name: 'VoIP', priceCents: 3000, period: 'month' }, seats: 1 });
    l.send('subscription.created', { subscriptionId: 'sub_i', customerId: 'cus_1', termsId: 'into-telecom', plan: { name: 'Internet', priceCents: 2000, period: 'month' }, seats: 1 });
    // In advance on 01-01: VoIP €30 + €6.30 = €36.30 (0001), Internet €20 + €4.20 = €24.20 (0002), due 01-15.
    expect(live(l.sub('sub_v')).minimumTermEnd).toBe('2027-01-01');
    expect(l.invoices().map((i) => [i.id, i.totalCents, i.dueOn])).toEqual([['cus_1-0001', 3630, '2026-01-15'], ['cus_1-0002', 2420, '2026-01-15']]);
    l.send('payment.succeeded', { paymentId: 'p1', customerId: 'cus_1', amountCents: 3630, method: 'direct_debit', invoiceId: 'cus_1-0001' }, '2026-01-10T12:00:00+01:00');

    // R-SUSP-01/03: the Internet invoice is overdue on 01-16: both subscriptions are suspended.
    l.tickTo('2026-01-15');
    expect([suspendedFor(l.sub('sub_v')), suspendedFor(l.sub('sub_i'))]).toEqual([[], []]);
    l.tickTo('2026-01-16');
    expect([suspendedFor(l.sub('sub_v')), suspendedFor(l.sub('sub_i'))]).toEqual([['arrears'], ['arrears']]);
    expect(l.eventsOf('SubscriptionSuspended').map((e) => [e.subscriptionId, e.rule])).toEqual([['sub_v', 'R-SUSP-03'], ['sub_i', 'R-SUSP-01']]);
    // R-DUN-03: in default that day; WIK on €24.20 is €40, but 004 sets at least €250.
    expect(l.eventsOf('CollectionCostsCharged')[0]!.data['costsCents']).toBe(25000);
    // Pays €24.20 + €250 on 01-20: both restored, no fee (004 has none).
    l.send('payment.succeeded', { paymentId: 'p2', customerId: 'cus_1', amountCents: 27420, method: 'bank_transfer' }, '2026-01-20T12:00:00+01:00');
    expect([suspendedFor(l.sub('sub_v')), suspendedFor(l.sub('sub_i'))]).toEqual([[], []]);
    expect(l.access().filter((e) => e.reason === 'reactivated' && e.rule === 'R-REACT-01').map((e) => e.subscriptionId).sort()).toEqual(['sub_i', 'sub_v']);
    // February paid on time.
    l.send('payment.succeeded', { paymentId: 'p3', customerId: 'cus_1', amountCents: 6050, method: 'direct_debit' }, '2026-02-05T12:00:00+01:00');

    // R-NOTICE-04: an e-mail cancellation is refused (registered mail only, a business customer).
    const byMail = l.send('cancellation.requested', { subscriptionId: 'sub_v', channel: 'email', requestedEndDate: '2026-04-30' }, '2026-03-10T12:00:00+01:00');
    expect(byMail.refusal?.rule).toBe('R-NOTICE-04');
    // R-EARLY-01: by registered mail on 03-11, asking to end after 04-30 (notice 04-11 ≤ 05-01 < 2027-01-01).
    // Billed until 04-01 (March invoiced); remaining 05-01 – 2027-01-01 = 8 months × €30 = €240 net,
    // + 21% = €50.40 → €290.40, invoiced at once, due 03-25.
    l.send('cancellation.requested', { subscriptionId: 'sub_v', channel: 'registered_mail', requestedEndDate: '2026-04-30' }, '2026-03-11T12:00:00+01:00');
    expect(live(l.sub('sub_v')).cancellation).toMatchObject({ endsOn: '2026-05-01', earlyTerminationFeeCents: 24000, rule: 'R-EARLY-01' });
    const fee = l.invoices().find((i) => i.lines[0]?.kind === 'early-termination')!;
    expect(fee).toMatchObject({ issuedOn: '2026-03-11', dueOn: '2026-03-25', netCents: 24000, vatCents: 5040, totalCents: 29040 });
    expect(fee.lines[0]!.period).toEqual({ start: '2026-05-01', end: '2027-01-01' });
    l.send('payment.succeeded', { paymentId: 'p4', customerId: 'cus_1', amountCents: 6050 + 29040, method: 'bank_transfer' }, '2026-03-12T12:00:00+01:00');

    // Ends 05-01: April (04-01 – 05-01) was the last VoIP invoice; Internet runs on.
    l.tickTo('2026-05-01');
    expect(l.sub('sub_v')).toMatchObject({ status: 'ended', endedOn: '2026-05-01', endReason: 'cancelled' });
    expect(l.sub('sub_i').status).toBe('live');
    expect(l.invoices().filter((i) => i.subscriptionId === 'sub_v' && i.lines[0]?.kind === 'subscription').map((i) => i.issuedOn)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
    // R-DATA-02/03: 30-day export window, deletion on 05-31.
    l.tickTo('2026-05-30');
    expect(deletes(l, 'sub_v')).toEqual([]);
    l.tickTo('2026-05-31');
    expect(deletes(l, 'sub_v')).toHaveLength(2);
  });
});
