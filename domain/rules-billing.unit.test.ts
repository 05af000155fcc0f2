/**
 * Billing periods (R-BILL-01): anniversary or calendar anchors, pro-rata first and last periods,
 * and the property that billed periods and aligned ends (R-NOTICE-02) agree — every day of a
 * subscription's life is billed exactly once. Amounts are worked out by hand next to each assertion.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Life, business, consumer, month, year } from '../test/support/life.js';
import { addDays, daysBetween, localDateOf } from './calendar.js';
import { PRESETS } from './presets.js';
import { catalogOf, parseTermsProfile, termsProfileSchema, type TermsProfile } from './terms.js';
import type { Invoice } from './types.js';

const preset = (id: string): TermsProfile => PRESETS.find((p) => p.id === id)!;
const variant = (id: string, of: string, changes: Partial<TermsProfile>): TermsProfile => termsProfileSchema.parse({ ...preset(of), id, ...changes });
/** TotalDesk (in advance) with calendar months, and with calendar years for its yearly plans. */
const deskByMonth = variant('desk-calendar-month', 'totaldesk', { billingAnchor: 'calendarMonth' });
const deskByYear = variant('desk-calendar-year', 'totaldesk', { billingAnchor: 'calendarYear' });
/** Into Telecom with calendar months (in advance, ends on any day after twelve months). */
const intoByMonth = variant('into-calendar-month', 'into-telecom', { billingAnchor: 'calendarMonth' });
const catalog = catalogOf([...PRESETS, deskByMonth, deskByYear, intoByMonth]);

const periodic = (l: Life, sub: string): Invoice[] => l.invoices().filter((i) => i.subscriptionId === sub && i.lines.some((x) => x.kind === 'subscription'));
const lines = (i: Invoice) => i.lines.map((x) => [x.period, x.quantity, x.unitCents, x.netCents, x.rule]);

describe('R-BILL-01 total-internet-group (003 art. 18.3): calendar months in arrears', () => {
  it('created 15 January: January invoiced 1 February for 15–31 January, 17/31 × €200.00 = €109.68, due 3 March', () => {
    const l = new Life('2027-01-15T09:30:00+01:00');
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(20000), seats: 1 });
    l.tickTo('2027-01-31');
    expect(l.invoices()).toEqual([]);
    l.tickTo('2027-02-01');
    // 20000 × 17 / 31 = 10967.74… → 10968; VAT 21% of €109.68 = €23.0328 → €23.03; due 1 Feb + 30 days = 3 Mar.
    const jan = l.invoices()[0]!;
    expect(jan).toMatchObject({ issuedOn: '2027-02-01', dueOn: '2027-03-03', netCents: 10968, vatCents: 2303, totalCents: 13271 });
    expect(lines(jan)).toEqual([[{ start: '2027-01-15', end: '2027-02-01' }, 1, 20000, 10968, 'R-BILL-01']]);
    expect(l.eventsOf('InvoiceIssued')[0]).toMatchObject({ rule: 'R-START-02', source: '003 art. 18.3 (monthly, in arrears)' });
    // February whole on 1 March, at the plain price.
    l.tickTo('2027-03-01');
    expect(lines(l.invoices()[1]!)).toEqual([[{ start: '2027-02-01', end: '2027-03-01' }, 1, 20000, 20000, 'R-START-02']]);
  });

  it('a start in a leap February: 10–29 February 2028 is 20 of 29 days, 3 seats × €40 × 20/29 = €82.76', () => {
    const l = new Life('2028-02-10');
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(4000), seats: 3 });
    l.tickTo('2028-03-01');
    // 12000 × 20 / 29 = 8275.86… → 8276 (one rounding for the line, not per seat: 3 × €27.59 would be €82.77).
    expect(lines(l.invoices()[0]!)).toEqual([[{ start: '2028-02-10', end: '2028-03-01' }, 3, 4000, 8276, 'R-BILL-01']]);
  });

  it('a start on the last day of a leap February: 1 of 29 days, €200/29 = €6.90; a start on the 1st is a whole month', () => {
    const l = new Life('2028-02-29');
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(20000), seats: 1 });
    l.send('subscription.created', { subscriptionId: 'sub_i', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(20000), seats: 1 }, '2028-03-01T08:00:00+01:00');
    l.tickTo('2028-04-01');
    // 20000 / 29 = 689.66 → 690.
    expect(lines(periodic(l, 'sub_h')[0]!)).toEqual([[{ start: '2028-02-29', end: '2028-03-01' }, 1, 20000, 690, 'R-BILL-01']]);
    expect(periodic(l, 'sub_h')[0]!.issuedOn).toBe('2028-03-01');
    expect(lines(periodic(l, 'sub_i')[0]!)).toEqual([[{ start: '2028-03-01', end: '2028-04-01' }, 1, 20000, 20000, 'R-START-02']]);
  });

  it('over a year end: 20–31 December is 12/31 × €200 = €77.42, invoiced 1 January', () => {
    const l = new Life('2026-12-20');
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(20000), seats: 1 });
    l.tickTo('2027-01-01');
    // 240000 / 31 = 7741.94 → 7742.
    expect(l.invoices()[0]).toMatchObject({ issuedOn: '2027-01-01', dueOn: '2027-01-31', netCents: 7742 });
  });
});

describe('R-BILL-01 calendar anchors billed in advance', () => {
  it('calendarMonth: the first invoice on the first day covers the rest of the month, 22/31 × 2 × €50 = €70.97; then whole months on the 1st', () => {
    const l = new Life('2026-03-10', catalog);
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_d', customerId: 'cus_1', termsId: 'desk-calendar-month', plan: month(5000), seats: 2 });
    l.send('subscription.activated', { subscriptionId: 'sub_d' }, '2026-03-10T11:00:00+01:00');
    // 10000 × 22 / 31 = 7096.77 → 7097.
    expect(lines(l.invoices()[0]!)).toEqual([[{ start: '2026-03-10', end: '2026-04-01' }, 2, 5000, 7097, 'R-BILL-01']]);
    expect(l.invoices()[0]!.issuedOn).toBe('2026-03-10');
    l.tickTo('2026-04-01');
    expect(l.invoices()[1]).toMatchObject({ issuedOn: '2026-04-01', netCents: 10000 });
    expect(lines(l.invoices()[1]!)).toEqual([[{ start: '2026-04-01', end: '2026-05-01' }, 2, 5000, 10000, 'R-START-02']]);
  });

  it('calendarYear: a yearly plan started 10 March is billed to 1 January, 297/365 × €1,200 = €976.44, then by calendar year', () => {
    const l = new Life('2026-03-10', catalog);
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_y', customerId: 'cus_1', termsId: 'desk-calendar-year', plan: year(120000), seats: 1 });
    l.send('subscription.activated', { subscriptionId: 'sub_y' });
    // 10–31 Mar 22 + Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31 = 297
    // days of 2026's 365: 120000 × 297 / 365 = 97643.84 → 97644.
    expect(lines(l.invoices()[0]!)).toEqual([[{ start: '2026-03-10', end: '2027-01-01' }, 1, 120000, 97644, 'R-BILL-01']]);
    l.tickTo('2027-01-01');
    expect(lines(l.invoices()[1]!)).toEqual([[{ start: '2027-01-01', end: '2028-01-01' }, 1, 120000, 120000, 'R-START-02']]);
  });

  it('calendarMonth with a yearly plan: twelve months from the 1st of the start month, the first year short by the days before the start', () => {
    const l = new Life('2026-03-10', catalog);
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_y', customerId: 'cus_1', termsId: 'desk-calendar-month', plan: year(120000), seats: 1 });
    l.send('subscription.activated', { subscriptionId: 'sub_y' });
    // 1 Mar 2026 – 1 Mar 2027 has 365 days; from 10 Mar 356: 120000 × 356 / 365 = 117041.10 → 117041.
    expect(lines(l.invoices()[0]!)).toEqual([[{ start: '2026-03-10', end: '2027-03-01' }, 1, 120000, 117041, 'R-BILL-01']]);
  });

  it('an anniversary profile bills as before: 10 March to 10 April, the whole price', () => {
    const l = new Life('2026-03-10');
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_d', customerId: 'cus_1', termsId: 'totaldesk', plan: month(5000), seats: 2 });
    l.send('subscription.activated', { subscriptionId: 'sub_d' });
    expect(lines(l.invoices()[0]!)).toEqual([[{ start: '2026-03-10', end: '2026-04-10' }, 2, 5000, 10000, 'R-START-02']]);
  });
});

describe('R-BILL-01 the billing anchor in a terms profile', () => {
  it('defaults to anniversary, so stored profiles from before read as they billed', () => {
    const { billingAnchor: _a, prorateChanges: _p, ...old } = preset('totaldesk');
    const parsed = parseTermsProfile(old);
    expect(parsed.ok && parsed.profile.billingAnchor).toBe('anniversary');
    expect(parsed.ok && parsed.profile.prorateChanges).toBe(false);
  });

  it('refuses a calendar anchor with onFirstPayment, whose first invoice bills a whole period before the start is known', () => {
    expect(parseTermsProfile({ ...preset('total-progress'), billingAnchor: 'calendarMonth' })).toEqual({
      ok: false, errors: ['billingAnchor: onFirstPayment bills a whole first period before the start is known: use anniversary'],
    });
  });

  it('002 and 003 bill by calendar month and say which article decides it', () => {
    expect(preset('computerstudent')).toMatchObject({ billingAnchor: 'calendarMonth', sources: { billingAnchor: expect.stringContaining('002 art. 6.1') } });
    expect(preset('total-internet-group')).toMatchObject({ billingAnchor: 'calendarMonth', sources: { billingAnchor: expect.stringContaining('003 art. 18.3') } });
  });
});

describe('R-BILL-01 with R-NOTICE-02: no day billed twice or never (fast-check)', () => {
  const cases = [
    { termsId: 'computerstudent', kind: 'business', channel: 'email' },
    { termsId: 'computerstudent', kind: 'consumer', channel: 'email' },
    { termsId: 'total-internet-group', kind: 'business', channel: 'email' },
    { termsId: 'totaldesk', kind: 'business', channel: 'email' },
    { termsId: 'desk-calendar-month', kind: 'business', channel: 'email' },
    { termsId: 'into-telecom', kind: 'business', channel: 'registered_mail' },
    { termsId: 'into-calendar-month', kind: 'business', channel: 'registered_mail' },
  ] as const;

  it('the periods of the periodic invoices run from the start to the end without a gap or an overlap', () => {
    fc.assert(
      fc.property(
        fc.record({
          c: fc.constantFrom(...cases),
          // Starts from 2026 to the end of 2028 (a leap year), at any hour; cancellations up to 26 months later.
          startDay: fc.integer({ min: 0, max: 3 * 365 }),
          hour: fc.integer({ min: 0, max: 23 }),
          cancelAfterDays: fc.integer({ min: 0, max: 800 }),
          seats: fc.integer({ min: 1, max: 4 }),
        }),
        ({ c, startDay, hour, cancelAfterDays, seats }) => {
          const startOn = addDays('2026-01-01', startDay);
          const l = new Life(`${startOn}T${String(hour).padStart(2, '0')}:15:00+01:00`, catalog);
          l.send('customer.created', c.kind === 'consumer' ? consumer('cus_1') : business('cus_1'));
          // Prepaid far ahead, so no arrears refuse a cancellation (R-NOTICE-03) or end the contract.
          l.send('payment.succeeded', { paymentId: 'p0', customerId: 'cus_1', amountCents: 50_000_000, method: 'bank_transfer' });
          l.send('subscription.created', { subscriptionId: 'sub', customerId: 'cus_1', termsId: c.termsId, plan: month(2999), seats });
          if (l.sub('sub').status === 'pending') l.send('subscription.activated', { subscriptionId: 'sub' });
          const activatedOn = l.live('sub').activatedOn;
          const requested = l.send('cancellation.requested', { subscriptionId: 'sub', channel: c.channel }, `${addDays(activatedOn, cancelAfterDays)}T12:00:00+01:00`);
          expect(requested.outcome).toBe('applied');
          const endsOn = l.live('sub').cancellation!.endsOn;
          l.tickTo(addDays(endsOn, 1));
          expect(l.ended('sub').endedOn).toBe(endsOn);
          const periods = periodic(l, 'sub').flatMap((i) => i.lines.filter((x) => x.kind === 'subscription').map((x) => x.period!)).sort((a, b) => (a.start < b.start ? -1 : 1));
          expect(periods[0]!.start).toBe(activatedOn);
          periods.slice(1).forEach((p, k) => expect(p.start, `period ${k + 1} starts where ${k} ends`).toBe(periods[k]!.end));
          expect(periods.at(-1)!.end).toBe(endsOn);
          expect(periods.reduce((s, p) => s + daysBetween(p.start, p.end), 0)).toBe(daysBetween(activatedOn, endsOn));
          // Under a calendar anchor every period but the first starts on the 1st of a month.
          if (c.termsId !== 'totaldesk' && c.termsId !== 'into-telecom') expect(periods.slice(1).filter((p) => !p.start.endsWith('-01'))).toEqual([]);
          expect(localDateOf(l.now) >= endsOn).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
