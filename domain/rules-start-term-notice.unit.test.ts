/**
 * The rulebook's sections 0–2 (docs/rules.md) as given/when/then over `decide`: time conventions (R-TIME-01..04), start
 * (R-START-01..02), term, renewal and notice (R-TERM-01, R-RENEW-01..03, R-NOTICE-01..06) and
 * early termination (R-EARLY-01), plus the cancellation quote of every preset.
 *
 * Every date and amount below is worked out by hand from the contract; the comment next to it
 * shows the arithmetic. Conventions (docs/domain.md): `endsOn` is exclusive — a contract with
 * endsOn 2026-05-01 ends at 00:00 on 1 May, its last day is 30 April; "received + 1 month" is the
 * first day the notice allows as end (R-NOTICE-01: the notice runs from the day of receipt).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Life, business, consumer } from '../test/support/life.js';
import { addWorkingDays, isWorkingDay } from './calendar.js';
import { catalogOf, decide, presetCatalog, quoteCancellation, type LiveSubscription, type TermsCatalog, type TermsProfile } from './index.js';

type Kind = 'business' | 'consumer';
interface Start {
  termsId: string;
  on: string;
  kind?: Kind;
  priceCents?: number;
  period?: 'month' | 'year';
  seats?: number;
  directDebit?: boolean;
  catalog?: TermsCatalog;
  subscriptionId?: string;
  contractId?: string;
}

/** Given a customer with one subscription that is live from `on` (activated the way its profile says). */
function start(o: Start): Life {
  const life = new Life(o.on, o.catalog ?? presetCatalog);
  life.send('customer.created', o.kind === 'consumer' ? consumer('cus_1', { directDebit: o.directDebit ?? false }) : business('cus_1', { directDebit: o.directDebit ?? true }));
  addSubscription(life, o);
  return life;
}

function addSubscription(life: Life, o: Start, when?: string): void {
  const id = o.subscriptionId ?? 'sub_1';
  life.send('subscription.created', {
    subscriptionId: id, customerId: 'cus_1', termsId: o.termsId,
    plan: { name: 'Plan', priceCents: o.priceCents ?? 5000, period: o.period ?? 'month' }, seats: o.seats ?? 3,
    ...(o.contractId ? { contractId: o.contractId } : {}),
  }, when);
  const terms = life.catalog.latest(o.termsId)!;
  if (terms.activation === 'onActivation') life.send('subscription.activated', { subscriptionId: id });
  if (terms.activation === 'onFirstPayment') {
    const first = life.invoices().find((i) => i.subscriptionId === id)!;
    life.send('payment.succeeded', { paymentId: `pay_${id}`, customerId: 'cus_1', amountCents: first.totalCents, method: 'ideal', invoiceId: first.id });
  }
}

function live(life: Life, id = 'sub_1'): LiveSubscription {
  const s = life.sub(id);
  if (s.status !== 'live') throw new Error(`${id} is ${s.status}, expected live`);
  return s;
}

/** The customer pays everything open at `when` (so arrears do not get in the way, R-NOTICE-03). */
function payUp(life: Life, when: string): void {
  life.tickTo(when);
  const open = life.invoices().reduce((s, i) => s + i.totalCents - i.paidCents - i.writtenOffCents, 0);
  if (open > 0) life.send('payment.succeeded', { paymentId: `pay_up_${when}`, customerId: 'cus_1', amountCents: open, method: 'direct_debit' }, when);
}

const cancel = (life: Life, when: string, channel: 'email' | 'portal' | 'registered_mail' | 'api' | 'phone' = 'email', requestedEndDate?: string, id = 'sub_1') =>
  life.send('cancellation.requested', { subscriptionId: id, channel, ...(requestedEndDate ? { requestedEndDate } : {}) }, when);

const preset = (id: string): TermsProfile => presetCatalog.get(id)!;
/** A profile that also admits consumers, for the R-LAW-02 guardrails on business-only presets. */
const forConsumers = (id: string): TermsCatalog => catalogOf([{ ...preset(id), customerKinds: ['consumer', 'business'] }]);

// ---------------------------------------------------------------------------------------------
// 0. Conventions
// ---------------------------------------------------------------------------------------------

describe('R-TIME-01 calendar reasoning in Europe/Amsterdam, instants stored in UTC', () => {
  it('a trigger on 2026-03-29 (start of summer time) fires at 00:00 Amsterdam = 2026-03-28T23:00Z', () => {
    // totaldesk activated 29 Jan: periods 29 Jan → 28 Feb (clamped) → 29 Mar; 00:00 CET on 29 Mar is 23:00Z on 28 Mar.
    const life = start({ termsId: 'totaldesk', on: '2026-01-29' });
    life.tickTo('2026-03-28T22:59:59Z');
    expect(life.invoices().map((i) => i.issuedOn)).toEqual(['2026-01-29', '2026-02-28']);
    expect(life.last!.dueAt).toBe('2026-03-28T23:00:00.000Z');
    life.tickTo('2026-03-28T23:00:00Z');
    expect(life.invoices().map((i) => i.issuedOn)).toEqual(['2026-01-29', '2026-02-28', '2026-03-29']);
    expect(life.eventsOf('InvoiceIssued').at(-1)!.at).toBe('2026-03-28T23:00:00.000Z');
  });

  it('a trigger on 2026-10-25 (end of summer time) fires at 00:00 Amsterdam = 2026-10-24T22:00Z', () => {
    // activated 25 Sep: next period 25 Oct; 00:00 CEST (UTC+2) on 25 Oct is 22:00Z on 24 Oct.
    const life = start({ termsId: 'totaldesk', on: '2026-09-25' });
    life.tickTo('2026-10-24T21:59:59Z');
    expect(life.invoices()).toHaveLength(1);
    life.tickTo('2026-10-24T22:00:00Z');
    expect(life.invoices().map((i) => i.issuedOn)).toEqual(['2026-09-25', '2026-10-25']);
    expect(life.eventsOf('InvoiceIssued').at(-1)!.at).toBe('2026-10-24T22:00:00.000Z');
  });

  it('a cancellation at 2026-03-01T22:30Z is received on 1 March (23:30 local) and ends 31 March 24:00; at 23:30Z it is 2 March and ends 30 April 24:00', () => {
    // totaldesk, endOfCalendarMonth, 1 month notice. 1 Mar + 1 month = 1 Apr → endsOn 2026-04-01.
    const onFirst = start({ termsId: 'totaldesk', on: '2026-01-05' });
    payUp(onFirst, '2026-03-01');
    cancel(onFirst, '2026-03-01T22:30:00Z');
    expect(live(onFirst).cancellation!.endsOn).toBe('2026-04-01');
    expect(live(onFirst).cancellation!.requestedAt).toBe('2026-03-01T22:30:00.000Z'); // stored as ISO UTC
    // 2 Mar 00:30 local: 2 Mar + 1 month = 2 Apr → first end of month on or after: 30 Apr 24:00 → 2026-05-01.
    const onSecond = start({ termsId: 'totaldesk', on: '2026-01-05' });
    payUp(onSecond, '2026-03-01');
    cancel(onSecond, '2026-03-01T23:30:00Z');
    expect(live(onSecond).cancellation!.endsOn).toBe('2026-05-01');
  });

  it('the first term starts on the local day of activation: 2026-03-09T23:30Z is 10 March 00:30 in Amsterdam', () => {
    const life = new Life('2026-03-09');
    life.send('customer.created', business('cus_1'));
    life.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'totaldesk', plan: { name: 'Plan', priceCents: 5000, period: 'month' }, seats: 1 });
    life.send('subscription.activated', { subscriptionId: 'sub_1' }, '2026-03-09T23:30:00Z');
    expect(live(life).activatedOn).toBe('2026-03-10');
    expect(live(life).minimumTermEnd).toBe('2026-04-10'); // 10 Mar + 1 month
  });
});

describe('R-TIME-02 month arithmetic with end-of-month clamping', () => {
  it('activation on 2026-01-31 bills 31 Jan → 28 Feb → 31 Mar → 30 Apr (anniversaries of the 31st, not drifting to the 28th)', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-01-31' });
    life.tickTo('2026-04-30');
    expect(life.invoices().map((i) => i.lines[0]!.period)).toEqual([
      { start: '2026-01-31', end: '2026-02-28' }, // 31 Jan + 1 month = 28 Feb (clamped)
      { start: '2026-02-28', end: '2026-03-31' }, // 31 Jan + 2 months = 31 Mar
      { start: '2026-03-31', end: '2026-04-30' }, // 31 Jan + 3 months = 30 Apr
      { start: '2026-04-30', end: '2026-05-31' },
    ]);
    expect(live(life).minimumTermEnd).toBe('2026-02-28'); // minimum term of 1 month from 31 Jan
  });

  it('leap day: into-telecom activated on 2028-02-29 has its 12-month minimum term end on 2029-02-28 and bills on the 29th where a month has one', () => {
    const life = start({ termsId: 'into-telecom', on: '2028-02-29', seats: 1 });
    expect(live(life).minimumTermEnd).toBe('2029-02-28'); // 29 Feb 2028 + 12 months, clamped
    life.tickTo('2029-02-28');
    const starts = life.invoices().filter((i) => i.lines[0]!.kind === 'subscription').map((i) => i.lines[0]!.period!.start);
    expect(starts).toEqual([
      '2028-02-29', '2028-03-29', '2028-04-29', '2028-05-29', '2028-06-29', '2028-07-29', '2028-08-29',
      '2028-09-29', '2028-10-29', '2028-11-29', '2028-12-29', '2029-01-29', '2029-02-28',
    ]);
    // On 28 Feb 2029 the minimum term ended and the contract continues indefinitely (R-RENEW-02).
    expect(live(life).term).toEqual({ start: '2029-02-28', end: null, kind: 'indefinite' });
  });

  it('leap day, yearly: total-progress paid on 2028-02-29 is invoiced again on 2029-02-28 for the year up to 2030-02-28', () => {
    const life = start({ termsId: 'total-progress', on: '2028-02-29', period: 'year', priceCents: 12000, seats: 1 });
    expect(live(life).term).toEqual({ start: '2028-02-29', end: '2029-02-28', kind: 'initial' });
    life.tickTo('2029-02-28');
    expect(life.invoices().at(-1)!.issuedOn).toBe('2029-02-28');
    expect(life.invoices().at(-1)!.lines[0]!.period).toEqual({ start: '2029-02-28', end: '2030-02-28' });
  });
});

describe('R-TIME-03 working days exclude weekends and the days of the Algemene termijnenwet', () => {
  it('Liberation Day (5 May) is not a working day: one working day after Monday 4 May 2026 is Wednesday 6 May', () => {
    expect(isWorkingDay('2026-05-05')).toBe(false);
    expect(addWorkingDays('2026-05-04', 1)).toBe('2026-05-06');
  });

  it('Good Friday 2026-04-03 is not a working day, 1 May is', () => {
    // Easter 2026-04-05 − 2 = Good Friday 3 April; 1 May (Friday) is no holiday in the Netherlands.
    expect(isWorkingDay('2026-04-03')).toBe(false);
    expect(addWorkingDays('2026-04-30', 1)).toBe('2026-05-01');
  });

  it('Ascension Day and the decreed bridge day: one working day after 13 May 2026 is Monday 18 May', () => {
    // Easter 5 Apr + 39 = Thu 14 May (Ascension), Fri 15 May bridge day, then the weekend.
    expect(addWorkingDays('2026-05-13', 1)).toBe('2026-05-18');
  });
});

describe('R-TIME-04 the domain never reads the wall clock; one jump equals stepping day by day', () => {
  afterEach(() => vi.useRealTimers());

  it('the same event at the same `now` gives the same decision whatever the system clock says', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-01-15' });
    const event = { id: 'evt_x', type: 'cancellation.requested' as const, occurredAt: '2026-03-15T09:00:00.000Z', data: { subscriptionId: 'sub_1', channel: 'email' as const } };
    vi.useFakeTimers();
    vi.setSystemTime(new Date('1999-12-31T23:59:59Z'));
    const a = decide(life.state, event, presetCatalog, '2026-03-15T09:00:00.000Z');
    vi.setSystemTime(new Date('2040-06-01T12:00:00Z'));
    const b = decide(life.state, event, presetCatalog, '2026-03-15T09:00:00.000Z');
    expect(b).toEqual(a);
  });

  it('jumping the clock from 31 Jan to 1 Jun 2026 decides exactly what 121 daily ticks decide', () => {
    const jump = start({ termsId: 'totaldesk', on: '2026-01-31' });
    const daily = start({ termsId: 'totaldesk', on: '2026-01-31' });
    payUp(jump, '2026-03-15');
    payUp(daily, '2026-03-15');
    cancel(jump, '2026-03-15');
    cancel(daily, '2026-03-15');
    jump.tickTo('2026-06-01');
    for (let d = new Date('2026-03-16T12:00:00Z'); d <= new Date('2026-06-01T12:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) daily.tickTo(d.toISOString().slice(0, 10));
    expect(daily.state).toEqual(jump.state);
    expect(daily.events.map((e) => [e.type, e.at])).toEqual(jump.events.map((e) => [e.type, e.at]));
  });
});

// ---------------------------------------------------------------------------------------------
// 1. Formation and start
// ---------------------------------------------------------------------------------------------

describe('R-START-01 pending until the activation condition holds; the first term starts that local day', () => {
  it('total-progress (onFirstPayment): pending with an invoice at creation, live on the day the invoice is paid in full', () => {
    const life = new Life('2026-01-05');
    life.send('customer.created', consumer('cus_1'));
    life.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'total-progress', plan: { name: 'Onderhoud', priceCents: 12000, period: 'year' }, seats: 1 });
    expect(life.sub('sub_1').status).toBe('pending');
    const inv = life.invoices()[0]!;
    expect([inv.issuedOn, inv.totalCents]).toEqual(['2026-01-05', 12000]);
    // An explicit activation is not the condition of this profile.
    const refused = life.send('subscription.activated', { subscriptionId: 'sub_1' }, '2026-01-06');
    expect(refused.outcome).toBe('refused');
    expect(refused.refusal!.rule).toBe('R-START-01');
    // €50 of €120 paid: still pending; the remaining €70 on 9 January starts the service that day.
    life.send('payment.succeeded', { paymentId: 'p1', customerId: 'cus_1', amountCents: 5000, method: 'ideal' }, '2026-01-07');
    expect(life.sub('sub_1').status).toBe('pending');
    life.send('payment.succeeded', { paymentId: 'p2', customerId: 'cus_1', amountCents: 7000, method: 'ideal' }, '2026-01-09');
    expect(live(life).activatedOn).toBe('2026-01-09');
    expect(live(life).term).toEqual({ start: '2026-01-09', end: '2027-01-09', kind: 'initial' }); // 9 Jan + 12 months
    expect(life.access().filter((a) => a.action === 'restore')).toHaveLength(1);
  });

  it('totaldesk (onActivation): pending and unbilled until activated on 10 March, then live from 10 March with its first invoice', () => {
    const life = new Life('2026-03-02');
    life.send('customer.created', business('cus_1'));
    life.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'totaldesk', plan: { name: 'Werkplek', priceCents: 5000, period: 'month' }, seats: 3 });
    life.tickTo('2026-03-09');
    expect(life.sub('sub_1').status).toBe('pending');
    expect(life.invoices()).toHaveLength(0);
    life.send('subscription.activated', { subscriptionId: 'sub_1' }, '2026-03-10');
    expect(live(life).activatedOn).toBe('2026-03-10');
    expect(life.invoices().map((i) => i.issuedOn)).toEqual(['2026-03-10']);
  });

  it('into-telecom (onAcceptance): live on the day the order is accepted (created)', () => {
    const life = start({ termsId: 'into-telecom', on: '2026-04-07' });
    expect(live(life).activatedOn).toBe('2026-04-07');
  });

  describe('a late subscription.created: the term starts the day it occurred, whatever the clock and the order', () => {
    // computerstudent (002): accepted on creation, billed monthly in arrears by calendar month. Two seats of €25.
    // Occurred 2 March 10:00; applied 3 March 00:30, after the account's clock passed midnight.
    const created = (id: string) => ({ id: `evt_${id}`, type: 'subscription.created', occurredAt: '2026-03-02T10:00:00+01:00', data: { subscriptionId: id, customerId: 'cus_1', termsId: 'computerstudent', plan: { name: 'Plan', priceCents: 2500, period: 'month' }, seats: 2 } }) as never;
    const lateLife = () => {
      const life = new Life('2026-03-02T09:00:00+01:00');
      life.send('customer.created', business('cus_1'));
      life.tickTo('2026-03-03T00:30:00+01:00');
      return life;
    };

    it('applied the day after: live from 2 March; the 1 April invoice bills 2–31 March, 30/31 of €50.00 = €48.39 net, €58.55 with 21 % VAT', () => {
      const life = lateLife();
      life.apply(created('sub_1'));
      expect(live(life).activatedOn).toBe('2026-03-02');
      life.tickTo('2026-04-01');
      const [first] = life.invoices();
      expect([first!.issuedOn, first!.lines[0]!.period, first!.netCents, first!.vatCents, first!.totalCents]).toEqual(['2026-04-01', { start: '2026-03-02', end: '2026-04-01' }, 4839, 1016, 5855]);
    });

    it('the same day, 23:30: live from 2 March too (the clock had not passed its day)', () => {
      const life = new Life('2026-03-02T09:00:00+01:00');
      life.send('customer.created', business('cus_1'));
      life.tickTo('2026-03-02T23:30:00+01:00');
      life.apply(created('sub_1'));
      expect(live(life).activatedOn).toBe('2026-03-02');
    });

    it('two of them in either order: both live from 2 March', () => {
      for (const order of [['sub_1', 'sub_2'], ['sub_2', 'sub_1']]) {
        const life = lateLife();
        for (const id of order) life.apply(created(id));
        expect([live(life, 'sub_1').activatedOn, live(life, 'sub_2').activatedOn]).toEqual(['2026-03-02', '2026-03-02']);
      }
    });
  });

  it('a consumer cannot subscribe on business-only terms (into-telecom): refused, nothing created', () => {
    const life = new Life('2026-04-07');
    life.send('customer.created', consumer('cus_1'));
    const d = life.send('subscription.created', { subscriptionId: 'sub_1', customerId: 'cus_1', termsId: 'into-telecom', plan: { name: 'VoIP', priceCents: 3000, period: 'month' }, seats: 1 });
    expect(d.outcome).toBe('refused');
    expect(d.refusal!.rule).toBe('R-START-01');
    expect(life.state!.subscriptions['sub_1']).toBeUndefined();
  });
});

describe('R-START-02 in advance: invoiced at creation / at the start of each period; in arrears: on the day after the period', () => {
  it('totaldesk (in advance) activated 15 Jan is invoiced on 15 Jan, 15 Feb and 15 Mar for the period that starts that day', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-01-15' });
    life.tickTo('2026-03-15');
    expect(life.invoices().map((i) => [i.issuedOn, i.lines[0]!.period!.start])).toEqual([
      ['2026-01-15', '2026-01-15'], ['2026-02-15', '2026-02-15'], ['2026-03-15', '2026-03-15'],
    ]);
  });

  it('total-internet-group (in arrears) activated 1 March bills March on 1 April, nothing in March', () => {
    const life = start({ termsId: 'total-internet-group', on: '2026-03-01' });
    life.tickTo('2026-03-31');
    expect(life.invoices()).toHaveLength(0);
    life.tickTo('2026-04-01');
    expect(life.invoices().map((i) => [i.issuedOn, i.lines[0]!.period])).toEqual([['2026-04-01', { start: '2026-03-01', end: '2026-04-01' }]]);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Term, renewal and notice
// ---------------------------------------------------------------------------------------------

describe('R-TERM-01 minimum term per profile', () => {
  it.each([
    // activation 15 Jan 2026: total-progress/into-telecom + 12 months, totaldesk + 1 month, 002/003 none (indefinite)
    ['total-progress', { start: '2026-01-15', end: '2027-01-15', kind: 'initial' }, '2027-01-15'],
    ['totaldesk', { start: '2026-01-15', end: '2026-02-15', kind: 'initial' }, '2026-02-15'],
    ['computerstudent', { start: '2026-01-15', end: null, kind: 'indefinite' }, '2026-01-15'],
    ['total-internet-group', { start: '2026-01-15', end: null, kind: 'indefinite' }, '2026-01-15'],
    ['into-telecom', { start: '2026-01-15', end: '2027-01-15', kind: 'initial' }, '2027-01-15'],
  ])('%s activated on 2026-01-15 has term %o and minimum term end %s', (termsId, term, minimumTermEnd) => {
    const life = start({ termsId, on: '2026-01-15', period: termsId === 'total-progress' ? 'year' : 'month' });
    expect(live(life).term).toEqual(term);
    expect(live(life).minimumTermEnd).toBe(minimumTermEnd);
  });
});

describe('R-RENEW-01 total-progress business: without timely notice the 12-month term renews for 12 months', () => {
  const paid = () => start({ termsId: 'total-progress', on: '2026-01-15', period: 'year', priceCents: 12000, seats: 1 });

  it('no notice: on 2027-01-15 the term renews to 2028-01-15 and the next year is invoiced that day', () => {
    const life = paid();
    life.tickTo('2027-01-15');
    expect(live(life).term).toEqual({ start: '2027-01-15', end: '2028-01-15', kind: 'renewal' });
    expect(life.eventsOf('SubscriptionRenewed')[0]!.rule).toBe('R-RENEW-01');
    expect(life.emails('renewal.notice')).toHaveLength(1);
    expect(life.invoices().at(-1)!.lines[0]!.period).toEqual({ start: '2027-01-15', end: '2028-01-15' });
  });

  it('the notice deadline is announced for 15 December: 15 Dec + 1 month = 15 Jan, the term end', () => {
    const life = paid();
    life.tickTo('2026-12-15');
    expect(life.eventsOf('NoticeDeadline')[0]!.data).toMatchObject({ lastDayForNotice: '2026-12-15', termEnd: '2027-01-15' });
  });

  it('notice received on the last allowed day (2026-12-15) ends the contract at the term end 2027-01-15, with no renewal and no new invoice', () => {
    const life = paid();
    cancel(life, '2026-12-15');
    expect(live(life).cancellation!.endsOn).toBe('2027-01-15');
    life.tickTo('2027-01-16');
    expect(life.sub('sub_1')).toMatchObject({ status: 'ended', endedOn: '2027-01-15', endReason: 'cancelled' });
    expect(life.eventsOf('SubscriptionRenewed')).toHaveLength(0);
    expect(life.invoices()).toHaveLength(1); // only the first year
  });

  it('notice received the day after (2026-12-16) is too late: 16 Dec + 1 month = 16 Jan > 15 Jan, so it ends after the renewed term, 2028-01-15', () => {
    const life = paid();
    cancel(life, '2026-12-16');
    expect(live(life).cancellation!.endsOn).toBe('2028-01-15');
    life.tickTo('2027-01-15');
    expect(live(life).term).toEqual({ start: '2027-01-15', end: '2028-01-15', kind: 'renewal' });
  });

  it('a term ending on 30 April: 31 March + 1 month = 30 April (clamped), so 31 March is the last day for notice and 1 April is too late', () => {
    const onLastDay = start({ termsId: 'total-progress', on: '2026-04-30', period: 'year', priceCents: 12000, seats: 1 });
    onLastDay.tickTo('2027-03-31');
    expect(onLastDay.eventsOf('NoticeDeadline')[0]!.data).toMatchObject({ lastDayForNotice: '2027-03-31', termEnd: '2027-04-30' });
    cancel(onLastDay, '2027-03-31');
    expect(live(onLastDay).cancellation!.endsOn).toBe('2027-04-30');
    const dayAfter = start({ termsId: 'total-progress', on: '2026-04-30', period: 'year', priceCents: 12000, seats: 1 });
    cancel(dayAfter, '2027-04-01');
    expect(live(dayAfter).cancellation!.endsOn).toBe('2028-04-30'); // renewed term 30 Apr 2027 + 12 months
  });
});

describe('R-RENEW-02 business, renewal into indefinite duration', () => {
  it('into-telecom: after the 12-month minimum (2027-01-15) the contract continues indefinitely and ends by one month notice on any day', () => {
    const life = start({ termsId: 'into-telecom', on: '2026-01-15', seats: 1 });
    life.tickTo('2027-01-15');
    expect(live(life).term).toEqual({ start: '2027-01-15', end: null, kind: 'indefinite' });
    expect(life.eventsOf('SubscriptionContinuedIndefinitely')[0]!.rule).toBe('R-RENEW-02');
    cancel(life, '2027-03-10', 'registered_mail');
    expect(live(life).cancellation!.endsOn).toBe('2027-04-10'); // 10 Mar + 1 month, anyDay
  });

  it('totaldesk: after the one-month minimum (15 Feb) the contract continues indefinitely', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-01-15' });
    life.tickTo('2026-02-15');
    expect(live(life).term).toEqual({ start: '2026-02-15', end: null, kind: 'indefinite' });
  });
});

describe('R-RENEW-03 / R-LAW-02 consumers: after the first term, indefinite with at most one month notice on any day', () => {
  const paid = () => start({ termsId: 'total-progress', kind: 'consumer', on: '2026-01-15', period: 'year', priceCents: 12000, seats: 1 });

  it('a consumer on total-progress is not renewed for 12 months on 2027-01-15: the contract continues indefinitely', () => {
    const life = paid();
    life.tickTo('2027-01-15');
    expect(live(life).term).toEqual({ start: '2027-01-15', end: null, kind: 'indefinite' });
    expect(life.eventsOf('SubscriptionContinuedIndefinitely')[0]!.rule).toBe('R-RENEW-03');
    expect(life.emails('renewal.notice')[0]!.facts).toMatchObject({ continuesIndefinitely: true, noticeMonths: 1 });
  });

  it('after the first term a consumer notice on 20 May 2027 (any day) ends on 20 June 2027 (endsOn), one month later', () => {
    const life = paid();
    life.tickTo('2027-01-15');
    cancel(life, '2027-05-20', 'phone');
    expect(live(life).cancellation).toMatchObject({ endsOn: '2027-06-20', rule: 'R-NOTICE-02' });
  });

  it('during the first term a consumer notice on 15 March 2026 ends at the first-term end 2027-01-15', () => {
    const life = paid();
    cancel(life, '2026-03-15');
    expect(live(life).cancellation!.endsOn).toBe('2027-01-15');
  });

  it('a consumer notice on 16 Dec 2026 (too late for a business) ends one month later, on 2027-01-16 (endsOn); the year invoiced on 15 Jan covers 1 day', () => {
    const life = paid();
    cancel(life, '2026-12-16');
    expect(live(life).cancellation!.endsOn).toBe('2027-01-16'); // 16 Dec + 1 month, no renewal
    life.tickTo('2027-01-16');
    expect(life.sub('sub_1')).toMatchObject({ status: 'ended', endedOn: '2027-01-16' });
    // Year 15 Jan 2027 – 15 Jan 2028 = 365 days; 1 day: €120.00 × 1/365 = 32.88 → 33 cents, incl. VAT:
    // net 33 × 100/121 = 27.27 → 27, VAT 6.
    const last = life.invoices().at(-1)!;
    expect([last.issuedOn, last.netCents, last.vatCents, last.totalCents]).toEqual(['2027-01-15', 27, 6, 33]);
  });

  it('a consumer on a two-month-notice profile (total-internet-group, consumer variant) gives one month on any day: 15 March → 15 April', () => {
    const life = start({ termsId: 'total-internet-group', kind: 'consumer', on: '2026-01-15', catalog: forConsumers('total-internet-group') });
    cancel(life, '2026-03-15');
    expect(live(life).cancellation!.endsOn).toBe('2026-04-15'); // min(2, 1) month, no first-of-month alignment
  });
});

describe('R-NOTICE-01 the notice period runs from the day the cancellation is received', () => {
  it('total-internet-group, two calendar months: received 1 March → ends 30 April 24:00 (endsOn 2026-05-01)', () => {
    const life = start({ termsId: 'total-internet-group', on: '2026-01-15' });
    cancel(life, '2026-03-01');
    expect(live(life).cancellation!.endsOn).toBe('2026-05-01'); // 1 Mar + 2 months = 1 May, already a first
  });

  it('total-internet-group: received 2 March → 2 May → the next first of a month, 2026-06-01', () => {
    const life = start({ termsId: 'total-internet-group', on: '2026-01-15' });
    cancel(life, '2026-03-02');
    expect(live(life).cancellation!.endsOn).toBe('2026-06-01');
  });
});

describe('R-NOTICE-02 totaldesk: end of calendar month', () => {
  it('a cancellation received on 15 March ends on 30 April 24:00 (endsOn 2026-05-01)', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-01-15' });
    payUp(life, '2026-03-15');
    cancel(life, '2026-03-15');
    // 15 Mar + 1 month = 15 Apr; first end of a calendar month on or after it: 30 Apr 24:00.
    expect(live(life).cancellation).toMatchObject({ endsOn: '2026-05-01', rule: 'R-NOTICE-02', basis: 'notice' });
    expect(life.emails('cancellation.confirmed')[0]!.facts).toMatchObject({ endsOn: '2026-05-01', lastDay: '2026-04-30' });
  });

  it('received 1 March (last day for the end of March) → endsOn 2026-04-01; received 2 March → endsOn 2026-05-01', () => {
    const first = start({ termsId: 'totaldesk', on: '2026-01-15' });
    payUp(first, '2026-03-01');
    cancel(first, '2026-03-01');
    expect(live(first).cancellation!.endsOn).toBe('2026-04-01'); // 1 Mar + 1 month = 1 Apr = 31 Mar 24:00
    const second = start({ termsId: 'totaldesk', on: '2026-01-15' });
    payUp(second, '2026-03-02');
    cancel(second, '2026-03-02');
    expect(live(second).cancellation!.endsOn).toBe('2026-05-01'); // 2 Apr → 30 Apr 24:00
  });

  it('the last period is billed only up to the end: 15 Apr – 30 Apr is 16 of 30 days, 3 × €50 × 16/30 = €80 net + €16.80 VAT', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-01-15' });
    payUp(life, '2026-03-15');
    cancel(life, '2026-03-15');
    life.tickTo('2026-05-20');
    const april = life.invoices().find((i) => i.issuedOn === '2026-04-15')!;
    expect(april.lines[0]!.period).toEqual({ start: '2026-04-15', end: '2026-05-01' });
    expect([april.netCents, april.vatCents, april.totalCents]).toEqual([8000, 1680, 9680]);
    expect(life.invoices().some((i) => i.issuedOn === '2026-05-15')).toBe(false);
    expect(life.sub('sub_1')).toMatchObject({ status: 'ended', endedOn: '2026-05-01' });
    expect(life.access().filter((a) => a.action === 'revoke' && a.reason === 'ended')).toHaveLength(1);
  });
});

describe('R-NOTICE-02 firstOfMonth (computerstudent, total-internet-group) and anyDay (into-telecom)', () => {
  it('computerstudent business: received 15 March → 15 April → 00:00 on 1 May', () => {
    const life = start({ termsId: 'computerstudent', on: '2026-01-15' });
    cancel(life, '2026-03-15');
    expect(live(life).cancellation!.endsOn).toBe('2026-05-01');
  });

  it('computerstudent consumer (R-LAW-02, 6:236 r BW: not tied to a moment): received 15 March → ends 15 April (endsOn)', () => {
    const life = start({ termsId: 'computerstudent', kind: 'consumer', on: '2026-01-15' });
    cancel(life, '2026-03-15');
    expect(live(life).cancellation!.endsOn).toBe('2026-04-15');
  });

  it('total-internet-group: received 15 March → 15 May → 00:00 on 1 June', () => {
    const life = start({ termsId: 'total-internet-group', on: '2026-01-15' });
    cancel(life, '2026-03-15');
    expect(live(life).cancellation!.endsOn).toBe('2026-06-01');
  });

  it('into-telecom: never before the end of the 12-month minimum term — received 10 June 2026 → 2027-01-15', () => {
    const life = start({ termsId: 'into-telecom', on: '2026-01-15' });
    cancel(life, '2026-06-10', 'registered_mail');
    expect(live(life).cancellation!.endsOn).toBe('2027-01-15');
  });

  it('into-telecom: received 15 Dec 2026 ends exactly at the minimum term end 2027-01-15; received 16 Dec ends on 2027-01-16 (any day)', () => {
    const a = start({ termsId: 'into-telecom', on: '2026-01-15' });
    cancel(a, '2026-12-15', 'registered_mail');
    expect(live(a).cancellation!.endsOn).toBe('2027-01-15');
    const b = start({ termsId: 'into-telecom', on: '2026-01-15' });
    cancel(b, '2026-12-16', 'registered_mail');
    expect(live(b).cancellation!.endsOn).toBe('2027-01-16');
  });
});

describe('R-NOTICE-03 totaldesk refuses a cancellation while the customer is in arrears', () => {
  // Activated 2 March: invoice of 2 March (3 × €50 + 21% = €181.50) due 2 + 14 = 16 March, overdue from 17 March.
  const given = () => start({ termsId: 'totaldesk', on: '2026-03-02' });

  it('received on 16 March (due date, not yet overdue): accepted', () => {
    const life = given();
    expect(cancel(life, '2026-03-16').outcome).toBe('applied');
    expect(live(life).cancellation!.endsOn).toBe('2026-05-01'); // 16 Mar + 1 month = 16 Apr → 30 Apr 24:00
  });

  it('received on 17 March with the invoice overdue: refused with a reason, mailed, nothing changes', () => {
    const life = given();
    const d = cancel(life, '2026-03-17');
    expect(d.outcome).toBe('refused');
    expect(d.refusal!.rule).toBe('R-NOTICE-03');
    expect(d.refusal!.reason).toContain('cus_1-0001');
    expect(live(life).cancellation).toBeNull();
    expect(life.emails('cancellation.refused')).toHaveLength(1);
    expect(life.eventsOf('CancellationRefused')[0]!.data).toMatchObject({ invoiceId: 'cus_1-0001', arrearsCents: 18150 });
  });

  it('once the arrears are paid the same cancellation is accepted', () => {
    const life = given();
    cancel(life, '2026-03-17');
    life.send('payment.succeeded', { paymentId: 'p1', customerId: 'cus_1', amountCents: 18150, method: 'bank_transfer' }, '2026-03-18');
    expect(cancel(life, '2026-03-18').outcome).toBe('applied');
    expect(live(life).cancellation!.endsOn).toBe('2026-05-01');
  });

  it('a disputed invoice is not arrears (R-PAY-05): the cancellation is accepted', () => {
    const life = given();
    life.send('invoice.disputed', { invoiceId: 'cus_1-0001' }, '2026-03-10');
    expect(cancel(life, '2026-03-17').outcome).toBe('applied');
  });

  it('profiles without the clause accept a cancellation in arrears (total-internet-group)', () => {
    // TIG bills in arrears: the March invoice of 1 April is due 1 May (30 days), overdue from 2 May.
    const life = start({ termsId: 'total-internet-group', on: '2026-03-01' });
    life.tickTo('2026-05-02');
    expect(cancel(life, '2026-05-02').outcome).toBe('applied');
  });
});

describe('R-NOTICE-04 a cancellation by a channel the profile does not accept is refused', () => {
  it('total-internet-group (written): by phone refused with the reason; by e-mail or portal accepted', () => {
    const life = start({ termsId: 'total-internet-group', on: '2026-01-15' });
    const d = cancel(life, '2026-03-15', 'phone');
    expect(d.outcome).toBe('refused');
    expect(d.refusal!.rule).toBe('R-NOTICE-04');
    expect(live(life).cancellation).toBeNull();
    expect(life.emails('cancellation.refused')[0]!.facts).toEqual({ customerName: expect.any(String), reason: 'form', required: 'written', channel: 'phone' });
    expect(cancel(life, '2026-03-15', 'email').outcome).toBe('applied');
    const viaPortal = start({ termsId: 'total-internet-group', on: '2026-01-15' });
    expect(cancel(viaPortal, '2026-03-15', 'portal').outcome).toBe('applied');
  });

  it('into-telecom (registered mail), business customer: by e-mail refused; by registered mail accepted', () => {
    const life = start({ termsId: 'into-telecom', on: '2026-01-15' });
    const d = cancel(life, '2026-06-10', 'email');
    expect(d.outcome).toBe('refused');
    expect(d.refusal!.rule).toBe('R-NOTICE-04');
    expect(cancel(life, '2026-06-10', 'registered_mail').outcome).toBe('applied');
  });

  it('R-LAW-02: the registered-mail requirement does not bind a consumer (into-telecom consumer variant): by e-mail accepted, the guardrail recorded', () => {
    const life = start({ termsId: 'into-telecom', kind: 'consumer', on: '2026-01-15', catalog: forConsumers('into-telecom') });
    const d = cancel(life, '2026-06-10', 'email');
    expect(d.outcome).toBe('applied');
    expect(live(life).cancellation!.endsOn).toBe('2027-01-15'); // the first term of 12 months still binds
    expect(JSON.stringify(life.eventsOf('CancellationAccepted')[0]!.data)).toContain('R-LAW-02');
  });

  it('total-progress accepts any form (000 §7.1 "kenbaar heeft gemaakt"): by phone accepted', () => {
    const life = start({ termsId: 'total-progress', kind: 'consumer', on: '2026-01-15', period: 'year', priceCents: 12000, seats: 1 });
    expect(cancel(life, '2026-03-15', 'phone').outcome).toBe('applied');
  });
});

describe('R-NOTICE-05 a bundle does not end before every subscription in it passed its minimum term', () => {
  // into-telecom: sub_a from 10 Jan 2026 (minimum to 10 Jan 2027), sub_b from 1 Jun 2026 (minimum to 1 Jun 2027), one contract.
  const bundle = () => {
    const life = start({ termsId: 'into-telecom', on: '2026-01-10', subscriptionId: 'sub_a', contractId: 'ctr_1', seats: 1, priceCents: 3000 });
    addSubscription(life, { termsId: 'into-telecom', on: '2026-06-01', subscriptionId: 'sub_b', contractId: 'ctr_1', seats: 1, priceCents: 3000 }, '2026-06-01');
    return life;
  };

  it('sub_a cancelled on 1 Feb 2027 (own notice end 1 Mar 2027) ends with the bundle on 2027-06-01', () => {
    const life = bundle();
    cancel(life, '2027-02-01', 'registered_mail', undefined, 'sub_a');
    expect(live(life, 'sub_a').cancellation).toMatchObject({ endsOn: '2027-06-01', rule: 'R-NOTICE-05' });
  });

  it('the same subscription outside a contract ends on 2027-03-01 (1 Feb + 1 month)', () => {
    const life = start({ termsId: 'into-telecom', on: '2026-01-10', seats: 1, priceCents: 3000 });
    addSubscription(life, { termsId: 'into-telecom', on: '2026-06-01', subscriptionId: 'sub_b', seats: 1, priceCents: 3000 }, '2026-06-01');
    cancel(life, '2027-02-01', 'registered_mail');
    expect(live(life).cancellation).toMatchObject({ endsOn: '2027-03-01', rule: 'R-NOTICE-02' });
  });

  it('R-EARLY-01 in a bundle: ending sub_a on 31 Mar 2027 charges its fees up to the bundle end 1 Jun 2027, and the invoice equals the quote', () => {
    const life = bundle();
    const q = quoteCancellation(life.state!, 'sub_a', preset('into-telecom'), '2027-02-01T10:00:00.000Z', 'registered_mail', '2027-03-31');
    // Periods of sub_a run from the 10th. 1 Apr – 1 Jun 2027: 1–10 Apr = 9 of 31 days (10 Mar – 10 Apr) → €30 × 9/31 = 8.71 → 871;
    // 10 Apr – 10 May = 3000; 10 May – 1 Jun = 22 of 31 days → 21.29 → 2129. Fee 871 + 3000 + 2129 = 6000 cents net.
    expect(q).toMatchObject({ endsOn: '2027-04-01', rule: 'R-EARLY-01', earlyTerminationFeeCents: 6000 });
    cancel(life, '2027-02-01T10:00:00Z', 'registered_mail', '2027-03-31', 'sub_a');
    expect(live(life, 'sub_a').cancellation!.earlyTerminationFeeCents).toBe(6000);
    const fee = life.invoices().filter((i) => i.lines.some((l) => l.kind === 'early-termination'));
    expect(fee.map((i) => [i.netCents, i.vatCents, i.totalCents])).toEqual([[6000, 1260, 7260]]); // 21% of 6000 = 1260
  });
});

describe('R-NOTICE-06 a cancellation can be withdrawn until its end date', () => {
  it('withdrawn on 30 April, the totaldesk contract that would have ended on 1 May continues and is billed as if no notice had been given', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-01-15' });
    payUp(life, '2026-03-15');
    cancel(life, '2026-03-15');
    life.tickTo('2026-04-15'); // the April invoice covers 15 Apr – 1 May only (16 days: €80 net)
    const d = life.send('cancellation.withdrawn', { subscriptionId: 'sub_1' }, '2026-04-30');
    expect(d.outcome).toBe('applied');
    expect(live(life).cancellation).toBeNull();
    expect(life.eventsOf('CancellationWithdrawn')[0]).toMatchObject({ rule: 'R-NOTICE-06', data: { endsOnWas: '2026-05-01' } });
    expect(life.emails('cancellation.withdrawn')).toHaveLength(1);
    life.tickTo('2026-05-15');
    expect(life.sub('sub_1').status).toBe('live');
    // 15 Apr – 15 May is billed in full after all: €80 (16/30) + €70 (1 – 15 May, 14/30) = €150 net = 3 × €50.
    const april = life.invoices().filter((i) => i.lines.some((l) => l.kind === 'subscription' && l.period!.start >= '2026-04-15' && l.period!.end <= '2026-05-15'));
    expect(april.reduce((s, i) => s + i.netCents, 0)).toBe(15000);
    expect(life.invoices().at(-1)!.lines[0]!.period).toEqual({ start: '2026-05-15', end: '2026-06-15' });
  });

  it('after its end date there is nothing to withdraw: on 1 May the contract has ended and stays ended', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-01-15' });
    payUp(life, '2026-03-15');
    cancel(life, '2026-03-15');
    life.tickTo('2026-05-01');
    const d = life.send('cancellation.withdrawn', { subscriptionId: 'sub_1' }, '2026-05-01');
    expect(d.outcome).toBe('ignored');
    expect(life.sub('sub_1')).toMatchObject({ status: 'ended', endedOn: '2026-05-01' });
  });
});

describe('R-EARLY-01 into-telecom: ending before the 12-month minimum makes the remaining charges due at once', () => {
  // Activated 15 Jan 2026, 2 seats × €30 = €60 a month, minimum term to 15 Jan 2027.
  const given = () => start({ termsId: 'into-telecom', on: '2026-01-15', seats: 2, priceCents: 3000 });

  it('requested end 14 Aug 2026 (endsOn 15 Aug): fee = 15 Aug 2026 – 15 Jan 2027 = 5 months × €60 = €300 net, €63 VAT, €363, invoiced on receipt', () => {
    const life = given();
    const d = cancel(life, '2026-06-10', 'registered_mail', '2026-08-14');
    expect(d.outcome).toBe('applied');
    expect(live(life).cancellation).toMatchObject({ endsOn: '2026-08-15', rule: 'R-EARLY-01', basis: 'earlyTermination', earlyTerminationFeeCents: 30000 });
    const fee = life.invoices().find((i) => i.lines.some((l) => l.kind === 'early-termination'))!;
    expect([fee.issuedOn, fee.dueOn, fee.netCents, fee.vatCents, fee.totalCents]).toEqual(['2026-06-10', '2026-06-24', 30000, 6300, 36300]);
    expect(fee.lines[0]!.period).toEqual({ start: '2026-08-15', end: '2027-01-15' });
    // The periods of 15 Jun and 15 Jul are billed as usual; nothing from 15 Aug; the contract ends on 15 Aug.
    life.tickTo('2026-08-16');
    const periods = life.invoices().filter((i) => i.lines[0]!.kind === 'subscription').map((i) => i.lines[0]!.period!.start);
    expect(periods.at(-1)).toBe('2026-07-15');
    expect(life.sub('sub_1')).toMatchObject({ status: 'ended', endedOn: '2026-08-15' });
  });

  it('requested end mid-period, 31 Aug (endsOn 1 Sep): the Aug invoice covers 15 Aug – 1 Sep (17/31 × €60 = €32.90) and the fee the rest (14/31 × €60 = €27.10 + 4 × €60 = €267.10)', () => {
    const life = given();
    cancel(life, '2026-06-10', 'registered_mail', '2026-08-31');
    expect(live(life).cancellation!.earlyTerminationFeeCents).toBe(26710); // 6000 × 14/31 = 2709.68 → 2710; + 24000
    life.tickTo('2026-08-15');
    const aug = life.invoices().find((i) => i.issuedOn === '2026-08-15')!;
    expect(aug.netCents).toBe(3290); // 6000 × 17/31 = 3290.32 → 3290; 3290 + 2710 = 6000, the whole month
  });

  it('a requested end after the minimum term (28 Feb 2027) ends then, without a fee', () => {
    const life = given();
    cancel(life, '2026-06-10', 'registered_mail', '2027-02-28');
    expect(live(life).cancellation).toMatchObject({ endsOn: '2027-03-01', earlyTerminationFeeCents: 0, rule: 'R-NOTICE-02' });
  });

  it('profiles that do not allow early termination (totaldesk) end at the earliest date instead, without a fee', () => {
    const life = start({ termsId: 'totaldesk', on: '2026-03-20' });
    cancel(life, '2026-03-20', 'email', '2026-03-31');
    expect(live(life).cancellation).toMatchObject({ endsOn: '2026-05-01', earlyTerminationFeeCents: 0 }); // 20 Mar + 1 month = 20 Apr → 30 Apr 24:00
  });
});

describe('quoteCancellation gives each preset the same answer the decision then records', () => {
  // Every subscription activated on 15 Jan 2026 by a business customer; cancellation received 15 Mar 2026, 10:00 local (09:00Z).
  it.each([
    // total-progress: termEnd; 15 Mar + 1 month = 15 Apr ≤ term end 15 Jan 2027 → ends at the term end.
    ['total-progress', 'email', '2027-01-15', '2027-01-14'],
    // totaldesk: 15 Apr → end of April.
    ['totaldesk', 'email', '2026-05-01', '2026-04-30'],
    // computerstudent: 15 Apr → 00:00 on 1 May.
    ['computerstudent', 'email', '2026-05-01', '2026-04-30'],
    // total-internet-group: two months, 15 May → 00:00 on 1 June.
    ['total-internet-group', 'email', '2026-06-01', '2026-05-31'],
    // into-telecom: 15 Apr, but never before the minimum term end 15 Jan 2027.
    ['into-telecom', 'registered_mail', '2027-01-15', '2027-01-14'],
  ] as const)('%s by %s: endsOn %s, last day %s', (termsId, channel, endsOn, lastDay) => {
    const life = start({ termsId, on: '2026-01-15', period: termsId === 'total-progress' ? 'year' : 'month' });
    payUp(life, '2026-03-15T09:00:00Z');
    const before = structuredClone(life.state);
    const q = quoteCancellation(life.state!, 'sub_1', preset(termsId), '2026-03-15T09:00:00.000Z', channel);
    expect(life.state).toEqual(before); // a quote changes nothing
    expect(q).toMatchObject({ endsOn, earliestEndDate: lastDay, earlyTerminationFeeCents: 0, refusal: null });
    cancel(life, '2026-03-15T09:00:00Z', channel);
    expect(live(life).cancellation).toMatchObject({ endsOn: q.endsOn, rule: q.rule, earlyTerminationFeeCents: q.earlyTerminationFeeCents });
  });

  it('the quote states the refusal too: into-telecom by e-mail is refused by R-NOTICE-04', () => {
    const life = start({ termsId: 'into-telecom', on: '2026-01-15' });
    const q = quoteCancellation(life.state!, 'sub_1', preset('into-telecom'), '2026-03-15T09:00:00.000Z', 'email');
    expect(q.refusal!.rule).toBe('R-NOTICE-04');
    expect(q.endsOn).toBeNull();
  });
});
