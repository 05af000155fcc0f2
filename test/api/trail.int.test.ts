/**
 * Issue 10 items 1–3 against the local stack: the customer's trail (and customer-level decisions
 * in each subscription's trail they change), what became of an event, and the cancellation quote
 * by channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../cli/context.js';
import { createProgram } from '../../cli/program.js';
import type { IncomingEvent } from '../../domain/index.js';
import { call, START, startWorld, type World } from './world.js';

type Entry = { type: string; at: string; rule: string | null; subscriptionId: string | null; eventId: string | null; data: Record<string, unknown> };

let seq = 0;
const ev = (type: string, data: Record<string, unknown>, id = `trail_${++seq}_${type}`) => ({ id, type, occurredAt: START, data }) as unknown as IncomingEvent;

describe('issue 10: trails, event outcomes, quote by channel', () => {
  let w: World;
  const get = (path: string, key: string | null = w.keyA) => call(w.p.url, key, 'GET', path);

  beforeAll(async () => {
    w = await startWorld();
    await w.p.send(
      ev('customer.created', { customerId: 'cus-tel', kind: 'business', name: 'Telefonie BV', email: 'tel@klant.example', language: 'nl', resellerId: 'res-a', directDebit: true }),
    );
    await w.p.drain();
    await w.p.send(ev('subscription.created', { subscriptionId: 'sub-tel', customerId: 'cus-tel', termsId: 'into-telecom', plan: { name: 'Telefonie', priceCents: 2500, period: 'month' }, seats: 3 }));
    await w.p.drain();
    await w.p.send(ev('subscription.activated', { subscriptionId: 'sub-tel' }));
    await w.p.drain();
  });
  afterAll(async () => w?.stop());

  async function cli(...args: string[]): Promise<string> {
    const out: string[] = [];
    const context: CliContext = {
      clients: w.p.clients, tableName: w.p.tableName, apiUrl: w.p.url,
      queueUrl: async (name) => w.p.queueUrls[name], now: async () => w.p.clock.now(), close: () => undefined,
    };
    await createProgram(() => context, { out: (t) => out.push(t), err: (t) => out.push(t), throwOnError: true }).parseAsync(['node', 'looptijd', ...args]);
    return out.join('\n');
  }

  /** Every page of a trail, `limit` at a time. */
  async function all(path: string, limit = 200, key = w.keyA): Promise<Entry[]> {
    const out: Entry[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(`${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, key);
      expect(r.status).toBe(200);
      out.push(...(r.body.data as Entry[]));
      cursor = r.body.nextCursor as string | null;
    } while (cursor);
    return out;
  }

  describe('customer-level decisions in the trails (R-PAY-04 storno)', () => {
    // cus-a1's first invoice cus-a1-0001 bills sub-a1: 2 seats × €50 + 21% VAT = €121.00, paid by
    // direct debit on 5 March and reversed (storno) on 10 March: the invoice is open again.
    beforeAll(async () => {
      await w.p.send(ev('payment.succeeded', { paymentId: 'pay-a1', customerId: 'cus-a1', amountCents: 12100, method: 'direct_debit', invoiceId: 'cus-a1-0001' }, 'trail_pay_a1'));
      await w.p.drain();
      await w.p.send(ev('payment.reversed', { paymentId: 'pay-a1', reason: 'storno' }, 'trail_storno_a1'));
      await w.p.drain();
    });

    it('the storno (R-PAY-04) and the payment appear in the trail of the subscription whose invoice they change, as customer-level entries', async () => {
      const trail = await all('/v1/subscriptions/sub-a1/events');
      expect(trail.filter((e) => e.type === 'PaymentReversed')).toEqual([
        expect.objectContaining({ rule: 'R-PAY-04', subscriptionId: null, eventId: 'trail_storno_a1', data: expect.objectContaining({ paymentId: 'pay-a1', reopened: [{ invoiceId: 'cus-a1-0001', cents: 12100 }] }) }),
      ]);
      expect(trail.some((e) => e.type === 'PaymentReceived' && e.eventId === 'trail_pay_a1')).toBe(true);
      expect(trail.some((e) => e.type === 'SubscriptionActivated' && e.subscriptionId === 'sub-a1')).toBe(true);
      const ats = trail.map((e) => e.at);
      expect([...ats].sort()).toEqual(ats);
    });

    it('not in the trail of the customer\'s other subscription, whose invoice it did not touch', async () => {
      const trail = await all('/v1/subscriptions/sub-a2/events');
      expect(trail.some((e) => e.type === 'PaymentReversed' || e.type === 'PaymentReceived')).toBe(false);
    });

    it('GET /v1/customers/{id}/events: every decision on the account once, oldest first — the customer\'s own and each subscription\'s', async () => {
      const trail = await all('/v1/customers/cus-a1/events');
      expect(trail.filter((e) => e.type === 'PaymentReversed')).toHaveLength(1);
      expect(trail.filter((e) => e.type === 'CustomerCreated')).toHaveLength(1);
      expect(trail.filter((e) => e.type === 'SubscriptionActivated').map((e) => e.subscriptionId).sort()).toEqual(['sub-a1', 'sub-a2']);
      const ats = trail.map((e) => e.at);
      expect([...ats].sort()).toEqual(ats);
      // The same list a page of one at a time.
      expect(await all('/v1/customers/cus-a1/events', 1)).toEqual(trail);
    });

    it('tenancy: another reseller\'s customer answers exactly the 404 of an unknown id; a cursor of another list is refused', async () => {
      const other = await get('/v1/customers/cus-a1/events', w.keyB);
      const unknown = await get('/v1/customers/cus-nope/events', w.keyB);
      expect(other.status).toBe(404);
      expect(other.body).toEqual({ error: { code: 'not_found', message: "customer 'cus-a1' not found", details: null } });
      expect(unknown.body.error.code).toBe('not_found');
      const first = await get('/v1/customers/cus-a1/events?limit=1');
      const r = await get(`/v1/customers/cus-a2/events?cursor=${encodeURIComponent(first.body.nextCursor as string)}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_cursor');
    });

    it('the CLI shows the customer\'s trail, R-PAY-04 included', async () => {
      const out = await cli('customer-timeline', 'cus-a1');
      expect(out).toContain('PaymentReversed');
      expect(out).toContain('R-PAY-04');
      expect(out).toContain('sub-a2');
      await expect(cli('customer-timeline', 'cus-nope')).rejects.toThrow(/no customer cus-nope/);
    });
  });

  describe('GET /v1/events/{eventId}: what became of an event', () => {
    beforeAll(async () => {
      await w.p.send(
        ev('customer.created', { customerId: 'cus-con', kind: 'consumer', name: 'Anna Jansen', email: 'anna@klant.example', language: 'nl', resellerId: 'res-a', directDebit: false }),
        // Sent before the customer exists: parked until customer.created is decided, then applied.
        ev('subscription.seats_changed', { subscriptionId: 'sub-late', seats: 4 }, 'trail_seats_late'),
      );
      await w.p.drain();
      await w.p.send(
        // totaldesk is for business customers only (R-START-01): refused.
        ev('subscription.created', { subscriptionId: 'sub-con', customerId: 'cus-con', termsId: 'totaldesk', plan: { name: 'Werkplek', priceCents: 5000, period: 'month' }, seats: 1 }, 'trail_refused_sub'),
        // sub-a1 exists: nothing to do.
        ev('subscription.created', { subscriptionId: 'sub-a1', customerId: 'cus-a1', termsId: 'totaldesk', plan: { name: 'Online werkplek', priceCents: 5000, period: 'month' }, seats: 2 }, 'trail_again_sub'),
        // seats 0 is outside the schema: dead-lettered at once.
        { id: 'trail_bad_seats', type: 'subscription.seats_changed', occurredAt: START, data: { subscriptionId: 'sub-a1', seats: 0 } },
      );
      await w.p.drain();
    });

    it('refused: a consumer\'s subscription on a business-only profile — the subscription answers 404, the event says why (R-START-01)', async () => {
      expect((await get('/v1/subscriptions/sub-con')).status).toBe(404);
      const r = await get('/v1/events/trail_refused_sub');
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        eventId: 'trail_refused_sub', type: 'subscription.created', status: 'refused', at: expect.any(String), customerId: 'cus-con', subscriptionId: 'sub-con',
        rule: 'R-START-01', reason: 'terms totaldesk are for business customers; cus-con is a consumer', code: null, deadLettered: false, deadline: null, duplicates: 0,
      });
      // The refusal is in the customer's trail too.
      const trail = (await get('/v1/customers/cus-con/events')).body.data as Entry[];
      expect(trail).toContainEqual(expect.objectContaining({ type: 'SubscriptionRefused', rule: 'R-START-01', eventId: 'trail_refused_sub', subscriptionId: null }));
    });

    it('applied, and a second delivery of the same id counted as a duplicate without effect', async () => {
      expect((await get('/v1/events/trail_pay_a1')).body).toMatchObject({ status: 'applied', type: 'payment.succeeded', customerId: 'cus-a1', rule: null, duplicates: 0 });
      await w.p.send(ev('payment.succeeded', { paymentId: 'pay-a1', customerId: 'cus-a1', amountCents: 12100, method: 'direct_debit', invoiceId: 'cus-a1-0001' }, 'trail_pay_a1'));
      await w.p.drain();
      expect((await get('/v1/events/trail_pay_a1')).body).toMatchObject({ status: 'applied', duplicates: 1 });
    });

    it('ignored: a subscription.created for a subscription that exists', async () => {
      expect((await get('/v1/events/trail_again_sub')).body).toMatchObject({ status: 'ignored', customerId: 'cus-a1', subscriptionId: 'sub-a1' });
    });

    it('failed: an event outside the schema, dead-lettered with its reason, owned through the subscription it names', async () => {
      const r = await get('/v1/events/trail_bad_seats');
      expect(r.body).toMatchObject({ status: 'failed', type: 'subscription.seats_changed', code: 'event.invalid', deadLettered: true, customerId: 'cus-a1', subscriptionId: 'sub-a1' });
      expect(r.body.reason).toContain('seats');
    });

    it('parked, then applied when its parent came: the operator sees both, the reseller the latest', async () => {
      await w.p.send(ev('subscription.created', { subscriptionId: 'sub-late', customerId: 'cus-a3', termsId: 'totaldesk', plan: { name: 'Werkplek', priceCents: 5000, period: 'month' }, seats: 1 }));
      await w.p.drain();
      await w.p.drain();
      expect((await get('/v1/events/trail_seats_late')).body).toMatchObject({ status: 'applied', customerId: 'cus-a3', subscriptionId: 'sub-late' });
      const out = await cli('event', 'trail_seats_late');
      expect(out).toContain('parked');
      expect(out).toContain('subscription.unknown');
      expect(out).toContain('applied');
    });

    it('accepted by the API, then applied', async () => {
      const posted = await call(w.p.url, w.keyA, 'POST', '/v1/subscriptions/sub-a3/cancellation', { body: {} });
      expect(posted.status).toBe(202);
      const first = await get(`/v1/events/${posted.body.eventId as string}`);
      expect(['accepted', 'applied']).toContain(first.body.status);
      await w.p.drain();
      expect((await get(`/v1/events/${posted.body.eventId as string}`)).body).toMatchObject({ status: 'applied', type: 'cancellation.requested', customerId: 'cus-a2', subscriptionId: 'sub-a3' });
    });

    it('tenancy: another reseller\'s event answers exactly the 404 of an unknown id', async () => {
      const theirs = await get('/v1/events/trail_pay_a1', w.keyB);
      const unknown = await get('/v1/events/trail_never_sent', w.keyB);
      expect(theirs.status).toBe(404);
      expect(JSON.stringify(theirs.body).replace('trail_pay_a1', '<id>')).toBe(JSON.stringify(unknown.body).replace('trail_never_sent', '<id>'));
      expect((await get(`/v1/events/${'x'.repeat(513)}`)).status).toBe(400);
    });

    it('the CLI shows the outcome with rule and reason', async () => {
      const out = await cli('event', 'trail_refused_sub');
      expect(out).toContain('refused');
      expect(out).toContain('R-START-01');
      expect(out).toContain('res-a');
      await expect(cli('event', 'trail_never_sent')).rejects.toThrow(/no outcome recorded/);
    });
  });

  describe('GET /v1/subscriptions/{id}/cancellation-quote?channel=…', () => {
    it('R-NOTICE-04: into-telecom refuses a business cancellation by api (the default channel)', async () => {
      const r = await get('/v1/subscriptions/sub-tel/cancellation-quote');
      expect(r.status).toBe(200);
      expect(r.body.refusal).toEqual({ rule: 'R-NOTICE-04', reason: expect.stringContaining('registered mail') });
      expect(r.body.earliestEndDate).toBeNull();
      expect((await get('/v1/subscriptions/sub-tel/cancellation-quote?channel=email')).body.refusal.rule).toBe('R-NOTICE-04');
    });
    it('R-NOTICE-04: previews what a registered letter would do — accepted, the end after the minimum term', async () => {
      const r = await get('/v1/subscriptions/sub-tel/cancellation-quote?channel=registered_mail');
      expect(r.status).toBe(200);
      expect(r.body.refusal).toBeNull();
      // Started 2 March 2026 with a 12-month minimum term (004 art. 7.1): the earliest end is
      // the last day of the minimum term, 1 March 2027, with nothing left to charge after it.
      expect(r.body.earliestEndDate).toBe('2027-03-01');
      expect(r.body.earlyTerminationFeeCents).toBe(0);
      const early = await get('/v1/subscriptions/sub-tel/cancellation-quote?channel=registered_mail&requestedEndDate=2026-06-30');
      expect(early.body.refusal).toBeNull();
    });
    it('answers 400 with the field for an unknown channel', async () => {
      const r = await get('/v1/subscriptions/sub-tel/cancellation-quote?channel=pigeon');
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid_request', details: [{ in: 'query', field: 'channel', message: expect.any(String) }] });
    });
    it('answers 404 for another reseller\'s subscription, whatever the channel', async () => {
      expect((await get('/v1/subscriptions/sub-tel/cancellation-quote?channel=registered_mail', w.keyB)).status).toBe(404);
    });
  });
});
