/**
 * Usage above the allowance (R-BILL-03; 004 art. 22.1, 29.1): usage.recorded adds to a month's
 * aggregate per metric; the next periodic invoice after the month carries the units above the
 * allowance × the unit price. The into-telecom preset includes 500 GB a month at €0.25 per GB
 * above it (21 % VAT, billed monthly in advance on anniversaries). Amounts worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { Life, business, month } from '../test/support/life.js';
import type { Invoice } from './types.js';

const into = (): Life => {
  const l = new Life('2026-03-01T09:00:00+01:00');
  l.send('customer.created', business());
  l.send('subscription.created', { subscriptionId: 'sub_t', customerId: 'cus_1', termsId: 'into-telecom', plan: month(5000), seats: 1 });
  return l;
};
const usageLines = (i: Invoice) => i.lines.filter((x) => x.kind === 'usage').map((x) => [x.description, x.period, x.quantity, x.unitCents, x.netCents, x.vatCents, x.rule]);
const issuedOn = (l: Life, day: string) => l.invoices().filter((i) => i.issuedOn === day);

describe('R-BILL-03 usage above the allowance (004 art. 22.1, 29.1)', () => {
  it('620 GB in March against 500 included: 120 × €0.25 = €30.00 + 21 % VAT €6.30 on the invoice of 1 April', () => {
    const l = into();
    expect(l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 400 }, '2026-03-10T12:00:00+01:00')).toMatchObject({ outcome: 'applied' });
    l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 220 }, '2026-03-31T23:30:00+02:00');
    expect(l.live('sub_t').usage).toEqual([{ period: '2026-03', metric: 'data-gb', quantity: 620, billedQuantity: 0 }]);
    l.tickTo('2026-04-01');
    const [april] = issuedOn(l, '2026-04-01');
    // Plan €50.00 for April in advance, then March's overage: 120 × 25 = 3000, VAT 21 % = 630.
    expect(usageLines(april!)).toEqual([['Verbruik boven de bundel data-gb, maart 2026: 120 GB boven 500 GB inbegrepen', { start: '2026-03-01', end: '2026-04-01' }, 120, 25, 3000, 630, 'R-BILL-03']]);
    expect(april).toMatchObject({ netCents: 8000, vatCents: 1680, totalCents: 9680 });
    expect(l.live('sub_t').usage).toEqual([{ period: '2026-03', metric: 'data-gb', quantity: 620, billedQuantity: 620 }]);
  });

  it('exactly the allowance, and April usage not yet over on 1 April: no usage line', () => {
    const l = into();
    l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 500 }, '2026-03-20T12:00:00+01:00');
    l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 900, period: '2026-04' }, '2026-04-01T00:30:00+02:00');
    l.tickTo('2026-04-01');
    expect(usageLines(issuedOn(l, '2026-04-01')[0]!)).toEqual([]);
    // April's 900 GB: 400 × 25 = 10000 on 1 May.
    l.tickTo('2026-05-01');
    expect(usageLines(issuedOn(l, '2026-05-01')[0]!).map((x) => [x[2], x[4], x[5]])).toEqual([[400, 10000, 2100]]);
  });

  it('late usage for March after its invoice: on the next invoice, in a line naming March, for the units it adds above the allowance', () => {
    const l = into();
    l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 450 }, '2026-03-20T12:00:00+01:00');
    l.tickTo('2026-04-01');
    expect(usageLines(issuedOn(l, '2026-04-01')[0]!)).toEqual([]);
    // 450 + 30 = 480: still within the 500 GB; then 480 + 70 = 550: 50 above, of which none was invoiced.
    l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 30, period: '2026-03' }, '2026-04-03T10:00:00+02:00');
    l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 70, period: '2026-03' }, '2026-04-04T10:00:00+02:00');
    l.tickTo('2026-05-01');
    // 50 × 25 = 1250, VAT 262.5 → 263 (R-MONEY-01 half-up).
    expect(usageLines(issuedOn(l, '2026-05-01')[0]!)).toEqual([['Nagekomen verbruik data-gb, maart 2026: 50 GB boven 500 GB inbegrepen', { start: '2026-03-01', end: '2026-04-01' }, 50, 25, 1250, 263, 'R-BILL-03']]);
    // Another 10 GB for March in May: 10 more above (560 − 500 − 50 already invoiced) on 1 June.
    l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 10, period: '2026-03' }, '2026-05-02T10:00:00+02:00');
    l.tickTo('2026-06-01');
    expect(usageLines(issuedOn(l, '2026-06-01')[0]!).map((x) => [x[2], x[4]])).toEqual([[10, 250]]);
  });

  it('bounded: one aggregate per month and metric, dropped once invoiced and past the three-month late window', () => {
    const l = into();
    for (let i = 0; i < 20; i++) l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 50 }, `2026-03-${String(i + 2).padStart(2, '0')}T12:00:00+01:00`);
    expect(l.live('sub_t').usage).toEqual([{ period: '2026-03', metric: 'data-gb', quantity: 1000, billedQuantity: 0 }]);
    l.tickTo('2026-04-01');
    expect(usageLines(issuedOn(l, '2026-04-01')[0]!).map((x) => [x[2], x[4]])).toEqual([[500, 12500]]);
    // March ended 1 April; from July (1 April ≤ 1 July − 3 months) it can take no more usage and goes.
    l.tickTo('2026-06-01');
    expect(l.live('sub_t').usage).toHaveLength(1);
    const late = l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 5, period: '2026-03' }, '2026-07-01T10:00:00+02:00');
    expect(late).toMatchObject({ outcome: 'refused', refusal: { rule: 'R-BILL-03', reason: 'usage for 2026-03 is more than 3 months late and is no longer invoiced' } });
    l.tickTo('2026-07-01');
    expect(l.live('sub_t').usage).toEqual([]);
  });

  it('refused with a clear reason: an unknown metric, terms without allowances, a month not begun, before the start', () => {
    const l = into();
    expect(l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'voice-min', quantity: 5 })).toMatchObject({ outcome: 'refused', refusal: { rule: 'R-BILL-03', reason: 'metric "voice-min" has no allowance in terms into-telecom@1 (metrics: data-gb)' } });
    expect(l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 5, period: '2026-04' })).toMatchObject({ outcome: 'refused', refusal: { reason: 'usage for 2026-04 cannot be recorded before that month has begun' } });
    expect(l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 5, period: '2026-02' })).toMatchObject({ outcome: 'refused', refusal: { reason: 'sub_t started on 2026-03-01, after 2026-02' } });
    l.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(10000), seats: 1 });
    expect(l.send('usage.recorded', { subscriptionId: 'sub_h', metric: 'data-gb', quantity: 5 })).toMatchObject({ outcome: 'refused', refusal: { reason: 'metric "data-gb" has no allowance in terms total-internet-group@1 (the terms meter no usage)' } });
    expect(l.live('sub_t').usage ?? []).toEqual([]);
  });

  it('at the end the months not yet invoiced are invoiced; usage after the contract ended is refused', () => {
    const l = into();
    l.send('cancellation.requested', { subscriptionId: 'sub_t', channel: 'registered_mail' }, '2026-03-05T10:00:00+01:00');
    const endsOn = l.live('sub_t').cancellation!.endsOn;
    l.tickTo(endsOn.slice(0, 7) === '2027-03' ? '2027-02-01' : endsOn);
    l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 700, period: '2027-02' }, '2027-02-20T10:00:00+01:00');
    l.tickTo(endsOn);
    expect(endsOn).toBe('2027-03-01');
    // February's 200 GB above: 200 × 25 = 5000 + VAT 1050, on a usage invoice at the end.
    const last = l.invoices().filter((i) => i.issuedOn === endsOn && i.lines.some((x) => x.kind === 'usage'));
    expect(last.map((i) => [usageLines(i).map((x) => [x[2], x[4], x[5]]), i.totalCents])).toEqual([[[[200, 5000, 1050]], 6050]]);
    const after = l.send('usage.recorded', { subscriptionId: 'sub_t', metric: 'data-gb', quantity: 10, period: '2027-02' }, '2027-03-02T10:00:00+01:00');
    expect(after).toMatchObject({ outcome: 'refused', refusal: { rule: 'R-BILL-03', reason: 'sub_t ended on 2027-03-01; usage after the contract ended is not invoiced' } });
  });
});
