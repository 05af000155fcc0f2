/**
 * The partner API's writes against the local stack: each answers 202 with its event id, the event
 * lands on its queue and, through the real pipeline, changes what the reads answer; bad bodies are
 * 400 with field paths and queue nothing; an Idempotency-Key replays the first answer, refuses
 * another request (422) and turns concurrent first requests into one event; another reseller's
 * ids answer 404 exactly as unknown ones do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeCalls } from '../../adapters/request-counter.js';
import { call, startWorld, type ApiAnswer, type World } from './world.js';

describe('partner API writes', () => {
  let w: World;
  const write = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, key: string = w.keyA) =>
    call(w.p.url, key, method, path, { ...(body !== undefined && { body }), headers });
  const get = (path: string, key: string = w.keyA) => call(w.p.url, key, 'GET', path);
  const expectAccepted = (r: ApiAnswer, type: string) => {
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toMatchObject({ status: 'queued', type, eventId: expect.stringMatching(/^api_/) });
    expect(r.body.links.event).toBe(`/v1/events/${r.body.eventId}`);
    expect(r.headers.get('location')).toBe(`/v1/events/${r.body.eventId}`);
  };
  /** Messages sent to the queues while `fn` runs (the API's SendMessage; nothing else sends in these tests' quiet moments). */
  let sends = 0;
  const counted = async <T>(fn: () => Promise<T>): Promise<{ result: T; sent: number }> => {
    await w.p.drain();
    const before = sends;
    const result = await fn();
    return { result, sent: sends - before };
  };
  /** Each body POSTed to `path` is 400 naming its field (the case's second element), and none of them queues anything. */
  const expectFieldRefusals = async (path: string, cases: ReadonlyArray<readonly [Record<string, unknown>, string]>) => {
    const { sent } = await counted(async () => {
      for (const [body, field] of cases) {
        const r = await write('POST', path, body);
        expect(r.status, field).toBe(400);
        expect(r.body.error.details[0]).toMatchObject({ in: 'body', field });
      }
    });
    expect(sent).toBe(0);
  };

  beforeAll(async () => {
    w = await startWorld();
    observeCalls(w.p.clients.sqs, 'writeTestSends', { before: (command) => void (command === 'SendMessageCommand' && sends++) });
  });
  afterAll(async () => w?.stop());

  describe('POST /v1/customers and POST /v1/subscriptions', () => {
    it('creates a customer and, before the pipeline has decided it, a subscription for it', async () => {
      const customer = await write('POST', '/v1/customers', { customerId: 'cus-new-1', kind: 'business', name: 'Nieuw B.V.', email: 'nieuw@klant.example' });
      expectAccepted(customer, 'customer.created');
      expect(customer.body.customerId).toBe('cus-new-1');
      // Still queued: the claim makes the customer the caller's at once; the pipeline parks the subscription until the customer exists.
      const sub = await write('POST', '/v1/subscriptions', { subscriptionId: 'sub-new-1', customerId: 'cus-new-1', termsId: 'totaldesk', plan: { name: 'Online werkplek', priceCents: 4500, period: 'month' }, seats: 3 });
      expectAccepted(sub, 'subscription.created');
      expect(sub.body).toMatchObject({ customerId: 'cus-new-1', subscriptionId: 'sub-new-1' });
      await w.p.drain();
      expect((await get('/v1/customers/cus-new-1')).body).toMatchObject({ id: 'cus-new-1', resellerId: 'res-a', kind: 'business', name: 'Nieuw B.V.', language: 'nl', directDebit: false, subscriptionIds: ['sub-new-1'] });
      expect((await get('/v1/subscriptions/sub-new-1')).body).toMatchObject({ id: 'sub-new-1', customerId: 'cus-new-1', termsId: 'totaldesk', status: 'pending', seats: 3, plan: { name: 'Online werkplek', priceCents: 4500, period: 'month' } });
      expect(await w.p.queueDepth('subscription-events-dlq')).toBe(0);
    });

    it('assigns ids when none are given', async () => {
      const customer = await write('POST', '/v1/customers', { kind: 'consumer', name: 'Anna Jansen', email: 'anna@klant.example', language: 'en', directDebit: true });
      expectAccepted(customer, 'customer.created');
      expect(customer.body.customerId).toMatch(/^cus_/);
      await w.p.drain();
      expect((await get(`/v1/customers/${customer.body.customerId}`)).body).toMatchObject({ kind: 'consumer', language: 'en', directDebit: true });
    });

    it('answers 409 for a taken customer or subscription id, its own or another reseller\'s alike', async () => {
      for (const [key, id] of [[w.keyA, 'cus-a1'], [w.keyA, 'cus-b1'], [w.keyB, 'cus-a1']] as const) {
        const r = await write('POST', '/v1/customers', { customerId: id, kind: 'business', name: 'X', email: 'x@klant.example' }, {}, key);
        expect(r.status).toBe(409);
        expect(r.body.error).toMatchObject({ code: 'conflict', details: [{ in: 'body', field: 'customerId', message: 'is taken' }] });
      }
      const r = await write('POST', '/v1/subscriptions', { subscriptionId: 'sub-b1', customerId: 'cus-a1', termsId: 'totaldesk', plan: { name: 'P', priceCents: 100, period: 'month' }, seats: 1 });
      expect(r.status).toBe(409);
      expect(r.body.error.details[0].field).toBe('subscriptionId');
    });

    it('two creates of one new id with different keys: the first wins, the second is 409', async () => {
      const body = { customerId: 'cus-race', kind: 'business', name: 'Race B.V.', email: 'race@klant.example' };
      const answers = await Promise.all([write('POST', '/v1/customers', body, { 'idempotency-key': 'race-1' }), write('POST', '/v1/customers', body, { 'idempotency-key': 'race-2' })]);
      expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    });

    it('refuses a subscription whose terms do not exist or whose seats or price pass the terms\' limits, naming the field', async () => {
      const base = { customerId: 'cus-a3', termsId: 'totaldesk', plan: { name: 'P', priceCents: 5000, period: 'month' }, seats: 2 };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ ...base, termsId: 'no-such-terms' }, 'termsId'],
        // totaldesk has the default limits: at most 1,000 seats and €10,000 per seat per period.
        [{ ...base, seats: 1001 }, 'seats'],
        [{ ...base, plan: { ...base.plan, priceCents: 1_000_001 } }, 'plan.priceCents'],
      ];
      await expectFieldRefusals('/v1/subscriptions', cases);
    });
  });

  describe('bad bodies: 400 with field paths, nothing queued', () => {
    const cases: Array<[string, string, string, unknown, string]> = [
      ['customer without kind', 'POST', '/v1/customers', { name: 'X', email: 'x@klant.example' }, 'kind'],
      ['customer with a bad e-mail', 'POST', '/v1/customers', { kind: 'business', name: 'X', email: 'not-an-address' }, 'email'],
      ['customer name with a control character', 'POST', '/v1/customers', { kind: 'business', name: 'X\u0007', email: 'x@klant.example' }, 'name'],
      ['customer name of 201 characters', 'POST', '/v1/customers', { kind: 'business', name: 'x'.repeat(201), email: 'x@klant.example' }, 'name'],
      ['customer with a resellerId', 'POST', '/v1/customers', { kind: 'business', name: 'X', email: 'x@klant.example', resellerId: 'res-b' }, 'resellerId'],
      ['customer id with a space', 'POST', '/v1/customers', { customerId: 'a b', kind: 'business', name: 'X', email: 'x@klant.example' }, 'customerId'],
      ['update that changes nothing', 'PATCH', '/v1/customers/cus-a1', {}, ''],
      ['update of the kind', 'PATCH', '/v1/customers/cus-a1', { kind: 'consumer' }, 'kind'],
      ['update with a bad language', 'PATCH', '/v1/customers/cus-a1', { language: 'de' }, 'language'],
      ['update with a bad VAT id', 'PATCH', '/v1/customers/cus-a1', { vatId: '123456789' }, 'vatId'],
      ['customer with an address without a country', 'POST', '/v1/customers', { kind: 'business', name: 'X', email: 'x@klant.example', billingAddress: { street: 'Dorpsstraat 1', postalCode: '1234 AB', city: 'Ergens' } }, 'billingAddress.country'],
      ['subscription with 0 seats', 'POST', '/v1/subscriptions', { customerId: 'cus-a1', termsId: 'totaldesk', plan: { name: 'P', priceCents: 1, period: 'month' }, seats: 0 }, 'seats'],
      ['subscription with a negative price', 'POST', '/v1/subscriptions', { customerId: 'cus-a1', termsId: 'totaldesk', plan: { name: 'P', priceCents: -1, period: 'month' }, seats: 1 }, 'plan.priceCents'],
      ['subscription with a weekly plan', 'POST', '/v1/subscriptions', { customerId: 'cus-a1', termsId: 'totaldesk', plan: { name: 'P', priceCents: 1, period: 'week' }, seats: 1 }, 'plan.period'],
      ['seats of 1.5', 'POST', '/v1/subscriptions/sub-a1/seats', { seats: 1.5 }, 'seats'],
      ['seats as a string', 'POST', '/v1/subscriptions/sub-a1/seats', { seats: '5' }, 'seats'],
      ['a body on a withdrawal', 'DELETE', '/v1/subscriptions/sub-a1/cancellation', { reason: 'x' }, 'reason'],
      ['a body on a dispute', 'POST', '/v1/invoices/cus-a1-0001/dispute', { amountCents: 1 }, 'amountCents'],
      ['plan change without a plan', 'POST', '/v1/subscriptions/sub-a2/plan', { seats: 3 }, 'plan'],
      ['plan without a name', 'POST', '/v1/subscriptions/sub-a2/plan', { plan: { priceCents: 100, period: 'month' } }, 'plan.name'],
      ['plan with a price in euros', 'POST', '/v1/subscriptions/sub-a2/plan', { plan: { name: 'P', priceCents: 12.5, period: 'month' } }, 'plan.priceCents'],
      ['plan with a price above the ceiling', 'POST', '/v1/subscriptions/sub-a2/plan', { plan: { name: 'P', priceCents: 100_000_001, period: 'month' } }, 'plan.priceCents'],
      ['plan from 31 February', 'POST', '/v1/subscriptions/sub-a2/plan', { plan: { name: 'P', priceCents: 100, period: 'month' }, effectiveAt: '2026-02-31' }, 'effectiveAt'],
      ['plan from the year 2100', 'POST', '/v1/subscriptions/sub-a2/plan', { plan: { name: 'P', priceCents: 100, period: 'month' }, effectiveAt: '2100-01-01' }, 'effectiveAt'],
      ['plan with 0 seats', 'POST', '/v1/subscriptions/sub-a2/plan', { plan: { name: 'P', priceCents: 100, period: 'month' }, seats: 0 }, 'seats'],
      ['plan with an unknown field', 'POST', '/v1/subscriptions/sub-a2/plan', { plan: { name: 'P', priceCents: 100, period: 'month', currency: 'EUR' } }, 'plan.currency'],
      ['usage without a usage id', 'POST', '/v1/subscriptions/sub-a1/usage', { metric: 'data-gb', quantity: 1 }, 'usageId'],
      ['usage id with a space', 'POST', '/v1/subscriptions/sub-a1/usage', { usageId: 'u 1', metric: 'data-gb', quantity: 1 }, 'usageId'],
      ['usage of 0 units', 'POST', '/v1/subscriptions/sub-a1/usage', { usageId: 'u-0', metric: 'data-gb', quantity: 0 }, 'quantity'],
      ['usage of 1.5 units', 'POST', '/v1/subscriptions/sub-a1/usage', { usageId: 'u-15', metric: 'data-gb', quantity: 1.5 }, 'quantity'],
      ['usage of an upper-case metric', 'POST', '/v1/subscriptions/sub-a1/usage', { usageId: 'u-m', metric: 'Data GB', quantity: 1 }, 'metric'],
      ['usage in month 13', 'POST', '/v1/subscriptions/sub-a1/usage', { usageId: 'u-13', metric: 'data-gb', quantity: 1, period: '2026-13' }, 'period'],
    ];
    it.each(cases)('%s', async (_, method, path, body, field) => {
      const { result: r, sent } = await counted(() => write(method, path, body, { 'idempotency-key': `bad-${path}-${JSON.stringify(body)}`.slice(0, 255).replaceAll(' ', '_') }));
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(r.body.error.details).toContainEqual(expect.objectContaining({ in: 'body', field }));
      expect(sent).toBe(0);
    });

    it('not JSON: 400', async () => {
      const r = await call(w.p.url, w.keyA, 'POST', '/v1/customers', { rawBody: '{"kind":', headers: { 'content-type': 'application/json' } });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0]).toMatchObject({ in: 'body', message: 'not valid JSON' });
    });

    it('an Idempotency-Key with a space or over 255 characters: 400 on the header', async () => {
      for (const key of ['a b', 'x'.repeat(256)]) {
        const r = await write('POST', '/v1/subscriptions/sub-a1/seats', { seats: 2 }, { 'idempotency-key': key });
        expect(r.status).toBe(400);
        expect(r.body.error.details[0]).toMatchObject({ in: 'header', field: 'Idempotency-Key' });
      }
    });
  });

  describe('each write changes state through the pipeline', () => {
    it('PATCH /v1/customers/{id} changes name, e-mail and language; the trail names the fields only', async () => {
      expectAccepted(await write('PATCH', '/v1/customers/cus-a2', { name: 'Klant Twee B.V.', email: 'twee@klant.example', language: 'en' }), 'customer.updated');
      await w.p.drain();
      expect((await get('/v1/customers/cus-a2')).body).toMatchObject({ name: 'Klant Twee B.V.', email: 'twee@klant.example', language: 'en', directDebit: true, kind: 'business' });
      const audit = await w.p.query('CUST#cus-a2', 'AUDIT#');
      const updated = audit.filter((a) => a.type === 'CustomerUpdated');
      expect(updated).toHaveLength(1);
      expect(updated[0]).toMatchObject({ rule: 'R-INV-02', data: { changed: ['name', 'email', 'language'], name: 'Klant Twee B.V.', language: 'en' } });
      expect(JSON.stringify(audit)).not.toContain('twee@klant.example');
    });

    it('POST /v1/subscriptions/{id}/seats changes the seats (R-START-02)', async () => {
      const r = await write('POST', '/v1/subscriptions/sub-a1/seats', { seats: 5 });
      expectAccepted(r, 'subscription.seats_changed');
      await w.p.drain();
      expect((await get('/v1/subscriptions/sub-a1')).body.seats).toBe(5);
      const trail = (await get('/v1/subscriptions/sub-a1/events?limit=200')).body.data;
      expect(trail).toContainEqual(expect.objectContaining({ type: 'SeatsChanged', rule: 'R-START-02', data: expect.objectContaining({ from: 2, to: 5 }) }));
    });

    it('DELETE /v1/subscriptions/{id}/cancellation withdraws a cancellation (R-NOTICE-06)', async () => {
      expect((await write('POST', '/v1/subscriptions/sub-a3/cancellation', {})).status).toBe(202);
      await w.p.drain();
      expect((await get('/v1/subscriptions/sub-a3')).body.status).toBe('cancelling');
      expectAccepted(await write('DELETE', '/v1/subscriptions/sub-a3/cancellation'), 'cancellation.withdrawn');
      await w.p.drain();
      expect((await get('/v1/subscriptions/sub-a3')).body).toMatchObject({ status: 'active', cancellation: null });
      const trail = (await get('/v1/subscriptions/sub-a3/events?limit=200')).body.data;
      expect(trail).toContainEqual(expect.objectContaining({ type: 'CancellationWithdrawn' }));
    });

    it('POST /v1/invoices/{id}/dispute disputes the invoice (R-PAY-05; totaldesk sets no window)', async () => {
      const r = await write('POST', '/v1/invoices/cus-a1-0001/dispute');
      expectAccepted(r, 'invoice.disputed');
      expect(r.body).toMatchObject({ customerId: 'cus-a1', invoiceId: 'cus-a1-0001' });
      await w.p.drain();
      const invoices = (await get('/v1/subscriptions/sub-a1/invoices')).body.data;
      expect(invoices.find((i: { id: string }) => i.id === 'cus-a1-0001')).toMatchObject({ status: 'disputed', openCents: 12100 });
      expect(await w.p.queueDepth('payment-events-dlq')).toBe(0);
    });

    it('a dispute of an unknown invoice of one\'s own customer: 404', async () => {
      expect((await write('POST', '/v1/invoices/cus-a1-9999/dispute')).status).toBe(404);
      expect((await write('POST', '/v1/invoices/no-such-invoice/dispute')).status).toBe(404);
    });
  });

  describe('plan changes and usage (R-BILL-02, R-BILL-03)', () => {
    it('POST /v1/subscriptions/{id}/plan changes the plan through the pipeline; the event\'s outcome is applied', async () => {
      const r = await write('POST', '/v1/subscriptions/sub-a2/plan', { plan: { name: 'Werkplek Plus', priceCents: 6500, period: 'month' } }, { 'idempotency-key': 'plan-plus' });
      expectAccepted(r, 'subscription.plan_changed');
      expect(r.body.subscriptionId).toBe('sub-a2');
      await w.p.drain();
      expect((await get('/v1/subscriptions/sub-a2')).body.plan).toEqual({ name: 'Werkplek Plus', priceCents: 6500, period: 'month' });
      expect((await get(r.headers.get('location')!)).body).toMatchObject({ eventId: r.body.eventId, type: 'subscription.plan_changed', status: 'applied', subscriptionId: 'sub-a2' });
      const trail = (await get('/v1/subscriptions/sub-a2/events?limit=200')).body.data;
      expect(trail).toContainEqual(expect.objectContaining({ type: 'PlanChanged', rule: 'R-BILL-02' }));
      // The same key and body: the first answer again, nothing queued.
      const { result: again, sent } = await counted(() => write('POST', '/v1/subscriptions/sub-a2/plan', { plan: { name: 'Werkplek Plus', priceCents: 6500, period: 'month' } }, { 'idempotency-key': 'plan-plus' }));
      expect([again.status, again.body.eventId, again.headers.get('idempotent-replayed'), sent]).toEqual([202, r.body.eventId, 'true', 0]);
    });

    it('a plan of another billing period, or over the terms\' limits: 400 naming the field, nothing queued', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ plan: { name: 'Jaar', priceCents: 50_000, period: 'year' } }, 'plan.period'],
        [{ plan: { name: 'Duur', priceCents: 1_000_001, period: 'month' } }, 'plan.priceCents'],
        [{ plan: { name: 'Groot', priceCents: 100, period: 'month' }, seats: 1001 }, 'seats'],
      ];
      await expectFieldRefusals('/v1/subscriptions/sub-a2/plan', cases);
    });

    it('POST /v1/subscriptions/{id}/usage records usage with the caller\'s id as the event id, once', async () => {
      // into-telecom meters data-gb (500 GB a month included) and is live from its creation.
      expectAccepted(await write('POST', '/v1/subscriptions', { subscriptionId: 'sub-a-tel', customerId: 'cus-a1', termsId: 'into-telecom', plan: { name: 'Telefonie', priceCents: 2500, period: 'month' }, seats: 1 }), 'subscription.created');
      await w.p.drain();
      const body = { usageId: 'use-2026-03-0001', metric: 'data-gb', quantity: 600 };
      const { result: r, sent } = await counted(() => write('POST', '/v1/subscriptions/sub-a-tel/usage', body));
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      expect(r.body).toMatchObject({ status: 'queued', type: 'usage.recorded', eventId: 'use-2026-03-0001', subscriptionId: 'sub-a-tel' });
      expect(r.headers.get('location')).toBe('/v1/events/use-2026-03-0001');
      expect(sent).toBe(1);
      await w.p.drain();
      expect((await get('/v1/events/use-2026-03-0001')).body).toMatchObject({ type: 'usage.recorded', status: 'applied', subscriptionId: 'sub-a-tel' });
      const trail = (await get('/v1/subscriptions/sub-a-tel/events?limit=200')).body.data;
      expect(trail).toContainEqual(expect.objectContaining({ type: 'UsageRecorded', rule: 'R-BILL-03', data: expect.objectContaining({ metric: 'data-gb', quantity: 600, total: 600 }) }));

      // Sent again (no Idempotency-Key needed): the first answer, nothing queued, counted once.
      const { result: again, sent: sentAgain } = await counted(() => write('POST', '/v1/subscriptions/sub-a-tel/usage', body));
      expect([again.status, again.headers.get('idempotent-replayed'), sentAgain]).toEqual([202, 'true', 0]);
      expect(again.body).toEqual(r.body);
      // The same id with another quantity, or for another subscription: 422 on usageId.
      for (const [path, other] of [['/v1/subscriptions/sub-a-tel/usage', { ...body, quantity: 700 }], ['/v1/subscriptions/sub-a1/usage', body]] as const) {
        const refused = await write('POST', path, other);
        expect(refused.status).toBe(422);
        expect(refused.body.error).toMatchObject({ code: 'idempotency_key_reused', details: [{ in: 'body', field: 'usageId' }] });
      }
      const after = (await get('/v1/subscriptions/sub-a-tel/events?limit=200')).body.data.filter((e: { type: string }) => e.type === 'UsageRecorded');
      expect(after).toHaveLength(1);
    });

    it('usage of a metric the terms do not meter, or over the amount limit: 400 naming the field', async () => {
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['sub-a-tel', { usageId: 'use-min', metric: 'minutes', quantity: 10 }, 'metric'],
        ['sub-a1', { usageId: 'use-td', metric: 'data-gb', quantity: 10 }, 'metric'],
        // 10,000,000 GB × € 0,25 is above the default amount limit of € 1.000.000,00.
        ['sub-a-tel', { usageId: 'use-huge', metric: 'data-gb', quantity: 10_000_000 }, 'quantity'],
      ];
      const { sent } = await counted(async () => {
        for (const [sub, body, field] of cases) {
          const r = await write('POST', `/v1/subscriptions/${sub}/usage`, body);
          expect(r.status, field).toBe(400);
          expect(r.body.error.details[0]).toMatchObject({ in: 'body', field });
        }
      });
      expect(sent).toBe(0);
    });
  });

  describe('Idempotency-Key, as Stripe honours it', () => {
    it('the same key and body: the same status and body again, marked as a replay, and one event', async () => {
      const headers = { 'idempotency-key': 'seats-to-7' };
      const { result: first, sent: sentFirst } = await counted(() => write('POST', '/v1/subscriptions/sub-a2/seats', { seats: 7 }, headers));
      const { result: again, sent: sentAgain } = await counted(() => write('POST', '/v1/subscriptions/sub-a2/seats', { seats: 7 }, headers));
      expect(first.status).toBe(202);
      expect(first.headers.get('idempotent-replayed')).toBe('false');
      expect(again.status).toBe(202);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      expect([sentFirst, sentAgain]).toEqual([1, 0]);
    });

    it('the same body in another key order or spacing is the same request', async () => {
      const headers = { 'idempotency-key': 'order-1', 'content-type': 'application/json' };
      const one = await call(w.p.url, w.keyA, 'POST', '/v1/customers', { rawBody: '{"kind":"business","name":"Volgorde B.V.","email":"v@klant.example"}', headers });
      const two = await call(w.p.url, w.keyA, 'POST', '/v1/customers', { rawBody: '{ "email": "v@klant.example", "name": "Volgorde B.V.", "kind": "business" }', headers });
      expect(one.status).toBe(202);
      expect(two.body).toEqual(one.body);
      expect(two.headers.get('idempotent-replayed')).toBe('true');
    });

    it('the same key with another body, path or method: 422, nothing queued', async () => {
      const headers = { 'idempotency-key': 'seats-to-8' };
      expect((await write('POST', '/v1/subscriptions/sub-a2/seats', { seats: 8 }, headers)).status).toBe(202);
      const { result, sent } = await counted(async () => [
        await write('POST', '/v1/subscriptions/sub-a2/seats', { seats: 9 }, headers),
        await write('POST', '/v1/subscriptions/sub-a1/seats', { seats: 8 }, headers),
        await write('DELETE', '/v1/subscriptions/sub-a2/cancellation', undefined, headers),
      ]);
      for (const r of result) {
        expect(r.status).toBe(422);
        expect(r.body.error).toMatchObject({ code: 'idempotency_key_reused', message: expect.stringContaining('seats-to-8'), details: [{ in: 'header', field: 'Idempotency-Key' }] });
      }
      expect(sent).toBe(0);
    });

    it('keys are per reseller: B\'s request with A\'s key is B\'s own', async () => {
      const headers = { 'idempotency-key': 'shared-key' };
      const a = await write('POST', '/v1/customers', { kind: 'business', name: 'A B.V.', email: 'a@klant.example' }, headers, w.keyA);
      const b = await write('POST', '/v1/customers', { kind: 'business', name: 'A B.V.', email: 'a@klant.example' }, headers, w.keyB);
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(b.body.eventId).not.toBe(a.body.eventId);
      expect(b.headers.get('idempotent-replayed')).toBe('false');
      await w.p.drain();
      expect((await get(`/v1/customers/${b.body.customerId}`, w.keyB)).body.resellerId).toBe('res-b');
    });

    it('a request refused before anything was queued keeps no answer: corrected, the same key goes through', async () => {
      const headers = { 'idempotency-key': 'fix-and-retry' };
      expect((await write('POST', '/v1/subscriptions/sub-a4/seats', { seats: 5000 }, headers)).status).toBe(400);
      const ok = await write('POST', '/v1/subscriptions/sub-a4/seats', { seats: 4 }, headers);
      expect(ok.status).toBe(202);
      expect(ok.headers.get('idempotent-replayed')).toBe('false');
    });

    it('without a key every request is a new event', async () => {
      const { result, sent } = await counted(async () => [await write('POST', '/v1/subscriptions/sub-a2/seats', { seats: 6 }), await write('POST', '/v1/subscriptions/sub-a2/seats', { seats: 6 })]);
      expect(result[0]!.body.eventId).not.toBe(result[1]!.body.eventId);
      expect(sent).toBe(2);
    });

    it('ten concurrent first requests with one key: one event, and every answer is the first one\'s', async () => {
      const headers = { 'idempotency-key': 'concurrent-1' };
      const { result, sent } = await counted(() => Promise.all(Array.from({ length: 10 }, () => write('POST', '/v1/subscriptions/sub-a1/seats', { seats: 9 }, headers))));
      expect(sent).toBe(1);
      expect(result.map((r) => r.status)).toEqual(Array(10).fill(202));
      expect(new Set(result.map((r) => r.body.eventId)).size).toBe(1);
      expect(result.filter((r) => r.headers.get('idempotent-replayed') === 'false')).toHaveLength(1);
      await w.p.drain();
      expect((await get('/v1/subscriptions/sub-a1')).body.seats).toBe(9);
    });

    it('the key is kept as a DynamoDB item with a 24-hour TTL, and the replay comes from it', async () => {
      const { DynamoIdempotencyKeys } = await import('../../adapters/api-writes.js');
      const { keys } = await import('../../adapters/keys.js');
      const r = await write('POST', '/v1/subscriptions/sub-a2/seats', { seats: 3 }, { 'idempotency-key': 'ttl-1' });
      const k = keys.idempotency('res-a', 'ttl-1');
      const item = await w.p.item(k.pk, k.sk);
      expect(item).toMatchObject({ state: 'done', eventId: r.body.eventId, response: { status: 202 } });
      const ttl = (item!.expiresAt as number) - Date.now() / 1000;
      expect(ttl).toBeGreaterThan(24 * 3600 - 60);
      expect(ttl).toBeLessThanOrEqual(24 * 3600);
      // After 24 hours (TTL deletion is lazy: the expiry is checked too) the key is new again.
      const later = new DynamoIdempotencyKeys(w.p.clients.doc, w.p.tableName, () => new Date(Date.now() + 24 * 3600 * 1000 + 5000));
      expect(await later.begin({ resellerId: 'res-a', key: 'ttl-1', requestHash: 'other', eventId: 'api_new', at: '2026-03-02T09:00:00+01:00' })).toMatchObject({ kind: 'started', eventId: 'api_new' });
    });
  });

  describe('tenancy: another reseller\'s ids answer 404 exactly as unknown ones', () => {
    const probes: Array<[string, string, (id: string) => string, unknown, string, string]> = [
      ['PATCH customer', 'PATCH', (id) => `/v1/customers/${id}`, { name: 'Overgenomen' }, 'cus-a1', 'cus-nope'],
      ['seats', 'POST', (id) => `/v1/subscriptions/${id}/seats`, { seats: 3 }, 'sub-a1', 'sub-nope'],
      ['withdraw', 'DELETE', (id) => `/v1/subscriptions/${id}/cancellation`, undefined, 'sub-a1', 'sub-nope'],
      ['dispute', 'POST', (id) => `/v1/invoices/${id}/dispute`, undefined, 'cus-a1-0001', 'cus-nope-0001'],
      ['plan', 'POST', (id) => `/v1/subscriptions/${id}/plan`, { plan: { name: 'P', priceCents: 100, period: 'month' } }, 'sub-a1', 'sub-nope'],
      ['usage', 'POST', (id) => `/v1/subscriptions/${id}/usage`, { usageId: 'use-probe', metric: 'data-gb', quantity: 1 }, 'sub-a1', 'sub-nope'],
    ];
    it.each(probes)('%s', async (_, method, path, body, foreign, unknown) => {
      const { result: [theirs, none], sent } = await counted(async () => [await write(method, path(foreign), body, {}, w.keyB), await write(method, path(unknown), body, {}, w.keyB)]);
      expect(theirs!.status).toBe(404);
      expect(JSON.stringify(theirs!.body).replaceAll(foreign, '<id>')).toBe(JSON.stringify(none!.body).replaceAll(unknown, '<id>'));
      expect([...theirs!.headers.keys()].sort()).toEqual([...none!.headers.keys()].sort());
      expect(sent).toBe(0);
    });

    it('a subscription for another reseller\'s customer, or one it has only just created: 404 customer', async () => {
      expect((await write('POST', '/v1/customers', { customerId: 'cus-a-fresh', kind: 'business', name: 'Vers B.V.', email: 'vers@klant.example' })).status).toBe(202);
      for (const customerId of ['cus-a1', 'cus-a-fresh']) {
        const r = await write('POST', '/v1/subscriptions', { customerId, termsId: 'totaldesk', plan: { name: 'P', priceCents: 100, period: 'month' }, seats: 1 }, {}, w.keyB);
        expect(r.status).toBe(404);
        expect(r.body.error.message).toBe(`customer '${customerId}' not found`);
      }
    });

    it('the resellerId is the caller\'s, whatever the body says', async () => {
      expect((await write('POST', '/v1/customers', { customerId: 'cus-x', kind: 'business', name: 'X', email: 'x@klant.example', resellerId: 'res-b' })).status).toBe(400);
    });
  });
});
