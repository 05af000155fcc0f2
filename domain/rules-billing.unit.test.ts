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
/** TotalDesk (in advance, anniversaries) and its calendar-month variant, both prorating changes. */
const deskProrated = variant('desk-prorated', 'totaldesk', { prorateChanges: true });
const deskByMonthProrated = variant('desk-calendar-month-prorated', 'totaldesk', { billingAnchor: 'calendarMonth', prorateChanges: true });
const catalog = catalogOf([...PRESETS, deskByMonth, deskByYear, intoByMonth, deskProrated, deskByMonthProrated]);

/** Periodic invoices and the credit notes on them (R-CREDIT-03). */
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
          const periodsOf = (kind: Invoice['kind']) => periodic(l, 'sub').filter((i) => i.kind === kind).flatMap((i) => i.lines.filter((x) => x.kind === 'subscription').map((x) => x.period!)).sort((a, b) => (a.start < b.start ? -1 : 1));
          const periods = periodsOf('invoice');
          expect(periods[0]!.start).toBe(activatedOn);
          periods.slice(1).forEach((p, k) => expect(p.start, `period ${k + 1} starts where ${k} ends`).toBe(periods[k]!.end));
          // R-CREDIT-03: a notice received after a period was invoiced in advance, ending inside it, credits the days after the end.
          const billedEnd = periods.at(-1)!.end;
          expect(periodsOf('credit_note')).toEqual(billedEnd > endsOn ? [{ start: endsOn, end: billedEnd }] : []);
          expect(billedEnd >= endsOn).toBe(true);
          expect(periods.reduce((s, p) => s + daysBetween(p.start, p.end), 0) - daysBetween(endsOn, billedEnd)).toBe(daysBetween(activatedOn, endsOn));
          // Under a calendar anchor every period but the first starts on the 1st of a month.
          if (c.termsId !== 'totaldesk' && c.termsId !== 'into-telecom') expect(periods.slice(1).filter((p) => !p.start.endsWith('-01'))).toEqual([]);
          expect(localDateOf(l.now) >= endsOn).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe('R-BILL-02 plan and seat changes billed in advance, prorated', () => {
  /** 2 seats × €50 from 10 March (anniversaries): period 0 is 10 Mar – 9 Apr, 31 days, €100 invoiced 10 Mar. */
  const desk = (termsId = 'desk-prorated', start = '2026-03-10'): Life => {
    const l = new Life(start, catalog);
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_d', customerId: 'cus_1', termsId, plan: month(5000), seats: 2 });
    l.send('subscription.activated', { subscriptionId: 'sub_d' });
    return l;
  };

  it('charges 3 more seats for 25 Mar – 9 Apr at once: 3 × €50 × 16/31 = €77.42 + €16.26 VAT = €93.68; the next period at 5 seats', () => {
    const l = desk();
    l.send('subscription.seats_changed', { subscriptionId: 'sub_d', seats: 5 }, '2026-03-25T09:00:00+01:00');
    // 15000 × 16 / 31 = 7741.94 → 7742; VAT 21% = 1625.82 → 1626.
    const extra = l.invoices()[1]!;
    expect(extra).toMatchObject({ issuedOn: '2026-03-25', dueOn: '2026-04-08', netCents: 7742, vatCents: 1626, totalCents: 9368 });
    expect(extra.lines.map((x) => [x.kind, x.period, x.quantity, x.unitCents, x.netCents, x.rule])).toEqual([['plan-change', { start: '2026-03-25', end: '2026-04-10' }, 3, 5000, 7742, 'R-BILL-02']]);
    expect(l.eventsOf('SeatsChanged')[0]).toMatchObject({ rule: 'R-BILL-02', data: { from: 2, to: 5, effectiveOn: '2026-03-25', prorated: true } });
    l.tickTo('2026-04-10');
    expect(l.invoices()[2]).toMatchObject({ issuedOn: '2026-04-10', netCents: 25000 });
  });

  it('a change on the last day of a period charges one day: 3 × €50 × 1/31 = €4.84', () => {
    const l = desk();
    l.send('subscription.seats_changed', { subscriptionId: 'sub_d', seats: 5 }, '2026-04-09T18:00:00+02:00');
    // 15000 / 31 = 483.87 → 484.
    expect(l.invoices()[1]!.lines.map((x) => [x.period, x.netCents])).toEqual([[{ start: '2026-04-09', end: '2026-04-10' }, 484]]);
  });

  it('a change on the first day of a period billed at 00:00 that day charges the whole period for the extra seats: 3 × €50 = €150', () => {
    const l = desk();
    l.send('subscription.seats_changed', { subscriptionId: 'sub_d', seats: 5 }, '2026-04-10T08:00:00+02:00');
    // 10 Apr – 9 May was invoiced at 00:00 at 2 seats (€100); 31 of 31 days for 3 more is the plain price.
    expect(l.invoices().map((i) => i.netCents)).toEqual([10000, 10000, 15000]);
    l.tickTo('2026-05-10');
    expect(l.invoices()[3]!.netCents).toBe(25000);
  });

  it('fewer seats are credited for the rest of the period by a credit note on the period\'s invoice: 3 × €50 × 16/31 = €77.42 + €16.26 VAT = €93.68', () => {
    const l = desk('desk-prorated');
    l.send('subscription.seats_changed', { subscriptionId: 'sub_d', seats: 5 }, '2026-03-11T09:00:00+01:00');
    // 11 Mar – 9 Apr is 30 of 31 days: 15000 × 30/31 = 14516.13 → 14516 + 3048.36 → 3048 = 17564.
    expect(l.invoices()[1]).toMatchObject({ netCents: 14516, totalCents: 17564 });
    l.send('subscription.seats_changed', { subscriptionId: 'sub_d', seats: 2 }, '2026-03-25T09:00:00+01:00');
    // 25 Mar – 9 Apr, 16 of 31 days, 3 seats fewer: 15000 × 16/31 = 7741.94 → 7742 + 1626 VAT = 9368,
    // credited on the first invoice (the period's: 10 Mar – 9 Apr), numbered in the same series.
    const note = l.invoices().at(-1)!;
    expect(note).toMatchObject({ kind: 'credit_note', correctsInvoiceId: l.invoices()[0]!.id, totalCents: -9368, issuedOn: '2026-03-25' });
    expect(l.eventsOf('CreditNoteIssued')[0]).toMatchObject({ rule: 'R-BILL-02' });
    // R-CREDIT-02: the credit settles €93.68 of the €121 invoice; €27.32 is left to pay.
    expect(l.invoices()[0]!.creditedCents).toBe(9368);
  });

  it('a plan change in a leap February credits the old plan and charges the new for 20–29 February: −€10.34 + €20.69', () => {
    const l = new Life('2028-02-01', catalog);
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_d', customerId: 'cus_1', termsId: 'desk-calendar-month-prorated', plan: { name: 'Basis', priceCents: 3000, period: 'month' }, seats: 1 });
    l.send('subscription.activated', { subscriptionId: 'sub_d' });
    expect(l.invoices()[0]!.netCents).toBe(3000); // the whole of February from the 1st
    l.send('subscription.plan_changed', { subscriptionId: 'sub_d', plan: { name: 'Plus', priceCents: 6000, period: 'month' } }, '2028-02-20T10:00:00+01:00');
    // 10 of February 2028's 29 days: 3000 × 10/29 = 1034.48 → 1034 credited; 6000 × 10/29 = 2068.97 → 2069 charged.
    // VAT per line: −217.14 → −217 and 434.49 → 434; net €10.35, VAT €2.17, total €12.52.
    const change = l.invoices()[1]!;
    expect(change.lines.map((x) => [x.description.split(',')[0], x.period, x.quantity, x.unitCents, x.netCents, x.vatCents])).toEqual([
      ['Basis', { start: '2028-02-20', end: '2028-03-01' }, -1, 3000, -1034, -217],
      ['Plus', { start: '2028-02-20', end: '2028-03-01' }, 1, 6000, 2069, 434],
    ]);
    expect(change).toMatchObject({ netCents: 1035, vatCents: 217, totalCents: 1252 });
    expect(l.eventsOf('PlanChanged')[0]).toMatchObject({ rule: 'R-BILL-02', data: { effectiveOn: '2028-02-20', prorated: true, to: { plan: { name: 'Plus' }, seats: 1 } } });
    l.tickTo('2028-03-01');
    expect(l.invoices()[2]!.lines.map((x) => [x.description.split(',')[0], x.netCents])).toEqual([['Plus', 6000]]);
  });

  it('a change for a later day waits for it: scheduled 15 March from 10 April, applied before that day\'s invoice, nothing prorated', () => {
    const l = desk();
    l.send('subscription.plan_changed', { subscriptionId: 'sub_d', plan: { name: 'Plus', priceCents: 8000, period: 'month' }, effectiveAt: '2026-04-10' }, '2026-03-15T10:00:00+01:00');
    expect(l.eventsOf('PlanChangeScheduled')[0]).toMatchObject({ data: { effectiveOn: '2026-04-10' } });
    expect(l.live('sub_d').plan.name).toBe('Werkplek');
    l.tickTo('2026-04-10');
    expect(l.live('sub_d').plan).toMatchObject({ name: 'Plus', priceCents: 8000 });
    expect(l.invoices().map((i) => i.netCents)).toEqual([10000, 16000]);
    expect(l.live('sub_d').changes).toEqual([]);
  });

  it('without prorateChanges (totaldesk) a change applies from the next period: nothing now, 10 April at 5 seats', () => {
    const l = desk('totaldesk');
    l.send('subscription.seats_changed', { subscriptionId: 'sub_d', seats: 5 }, '2026-03-25T09:00:00+01:00');
    expect(l.invoices()).toHaveLength(1);
    expect(l.eventsOf('SeatsChanged')[0]).toMatchObject({ rule: 'R-START-02', data: { prorated: false, appliesFrom: 'the next invoiced period' } });
    l.tickTo('2026-04-10');
    expect(l.invoices()[1]!.netCents).toBe(25000);
  });

  it('refuses a plan of another billing period, and a change after the contract\'s end', () => {
    const l = desk();
    const other = l.send('subscription.plan_changed', { subscriptionId: 'sub_d', plan: { name: 'Jaar', priceCents: 50000, period: 'year' } });
    expect(other).toMatchObject({ outcome: 'refused', refusal: { rule: 'R-BILL-02' } });
    l.send('payment.succeeded', { paymentId: 'p1', customerId: 'cus_1', amountCents: 50000, method: 'ideal' }, '2026-03-20T10:00:00+01:00');
    l.send('cancellation.requested', { subscriptionId: 'sub_d', channel: 'email' }, '2026-04-15T10:00:00+02:00');
    const endsOn = l.live('sub_d').cancellation!.endsOn;
    const late = l.send('subscription.plan_changed', { subscriptionId: 'sub_d', plan: month(9000), effectiveAt: endsOn });
    expect(late).toMatchObject({ outcome: 'refused', refusal: { rule: 'R-BILL-02', reason: expect.stringContaining(endsOn) } });
  });
});

describe('R-BILL-02 changes billed in arrears (003 art. 18.3): the month is split where the change took effect', () => {
  const tig = (): Life => {
    const l = new Life('2026-03-01');
    l.send('customer.created', business());
    l.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(10000), seats: 1 });
    return l;
  };

  it('1 seat 1–10 March, 3 seats from 11 March: €100 × 10/31 = €32.26 and €300 × 21/31 = €203.23', () => {
    const l = tig();
    l.send('subscription.seats_changed', { subscriptionId: 'sub_h', seats: 3 }, '2026-03-11T09:00:00+01:00');
    expect(l.invoices()).toEqual([]); // nothing until the month is over
    l.tickTo('2026-04-01');
    // 10000 × 10 / 31 = 3225.81 → 3226; 30000 × 21 / 31 = 20322.58 → 20323.
    expect(l.invoices()[0]!.lines.map((x) => [x.period, x.quantity, x.netCents, x.rule])).toEqual([
      [{ start: '2026-03-01', end: '2026-03-11' }, 1, 3226, 'R-BILL-02'],
      [{ start: '2026-03-11', end: '2026-04-01' }, 3, 20323, 'R-BILL-02'],
    ]);
    l.tickTo('2026-05-01');
    expect(l.invoices()[1]!.lines.map((x) => [x.quantity, x.netCents])).toEqual([[3, 30000]]);
    expect(l.live('sub_h').changes).toEqual([]);
  });

  it('a plan change on the last day of the month: 30 days of the old plan, 1 of the new', () => {
    const l = tig();
    l.send('subscription.plan_changed', { subscriptionId: 'sub_h', plan: { name: 'Hosting Pro', priceCents: 31000, period: 'month' } }, '2026-03-31T09:00:00+02:00');
    l.tickTo('2026-04-01');
    // 10000 × 30 / 31 = 9677.42 → 9677; 31000 × 1 / 31 = 1000.
    expect(l.invoices()[0]!.lines.map((x) => [x.description.split(',')[0], x.period, x.netCents])).toEqual([
      ['Werkplek', { start: '2026-03-01', end: '2026-03-31' }, 9677],
      ['Hosting Pro', { start: '2026-03-31', end: '2026-04-01' }, 1000],
    ]);
  });
});
