/**
 * POST /webhooks/payments per the Standard Webhooks specification: a valid delivery is queued
 * once (a replayed webhook-id answers 200 and queues nothing), and a wrong secret, an altered
 * body, a stale or future timestamp, invalid JSON or a bad body answer 4xx and queue nothing.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_WEBHOOK_SECRET } from '../../api/config.js';
import type { IncomingEvent } from '../../domain/index.js';
import { createHandler } from '../../functions/webhook.js';
import type { Deps } from '../../functions/deps.js';
import { v2event } from './events.js';
import { call, startWorld, type World } from './world.js';

const signer = new Webhook(LOCAL_WEBHOOK_SECRET);
const OTHER_SECRET = 'whsec_' + Buffer.from('a different secret entirely').toString('base64');
let n = 0;

function delivery(payload: unknown, options: { id?: string; at?: Date; secret?: string; raw?: string } = {}) {
  const id = options.id ?? `msg_${Date.now()}_${++n}`;
  const at = options.at ?? new Date();
  const body = options.raw ?? JSON.stringify(payload);
  const signature = (options.secret ? new Webhook(options.secret) : signer).sign(id, at, body);
  return { body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature } };
}

const paid = (amountCents = 12100) => ({ type: 'payment.succeeded', timestamp: '2026-03-05T10:00:00+01:00', data: { paymentId: `pay_${++n}`, customerId: 'cus-a1', amountCents, method: 'ideal' } });

describe('payment webhooks', () => {
  let w: World;
  let queued: IncomingEvent[];
  let handler: ReturnType<typeof createHandler>;
  const post = async (d: { body: string; headers: Record<string, string> }) => {
    const r = (await handler(v2event('POST', '/webhooks/payments', d), {} as never, () => undefined)) as { statusCode: number; body: string };
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };

  beforeAll(async () => {
    w = await startWorld();
    const deps: Deps = { ...w.p.deps, queues: { ...w.p.deps.queues, send: async (e) => void queued.push(e), sendMany: async (es) => void queued.push(...es), sendOutbox: async () => undefined } };
    handler = createHandler(deps, { webhookSecret: LOCAL_WEBHOOK_SECRET });
  });
  afterAll(async () => w?.stop());
  beforeEach(() => {
    queued = [];
  });

  it('a valid delivery through the local server is queued on payment-events and pays the invoice', async () => {
    const d = delivery({ type: 'payment.succeeded', data: { paymentId: 'pay_http_1', customerId: 'cus-a1', amountCents: 12100, method: 'ideal' } });
    const r = await call(w.p.url, null, 'POST', '/webhooks/payments', { rawBody: d.body, headers: d.headers });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ status: 'queued', eventId: `whk_${d.headers['webhook-id']}` });
    await w.p.drain();
    const invoices = await call(w.p.url, w.keyA, 'GET', '/v1/subscriptions/sub-a1/invoices');
    expect(invoices.body.data[0]).toMatchObject({ id: 'cus-a1-0001', status: 'paid', openCents: 0 });
  });

  it('maps the body onto the payment.* event, with webhook-id as the idempotency key', async () => {
    const d = delivery(paid());
    expect((await post(d)).status).toBe(202);
    expect(queued).toEqual([{ id: `whk_${d.headers['webhook-id']}`, type: 'payment.succeeded', occurredAt: '2026-03-05T10:00:00+01:00', data: expect.objectContaining({ customerId: 'cus-a1', amountCents: 12100, method: 'ideal' }) }]);
  });

  it.each([
    ['payment.failed', { paymentId: 'p1', customerId: 'cus-a1', amountCents: 100, reason: 'insufficient funds' }],
    ['payment.reversed', { paymentId: 'p1', reason: 'storno' }],
    ['invoice.disputed', { invoiceId: 'cus-a1-0001' }],
    ['invoice.dispute_resolved', { invoiceId: 'cus-a1-0001', outcome: 'rejected' }],
  ])('accepts %s', async (type, data) => {
    expect((await post(delivery({ type, data }))).status).toBe(202);
    expect(queued.map((e) => e.type)).toEqual([type]);
  });

  it('a replayed webhook-id answers 200 without queuing twice', async () => {
    const d = delivery(paid());
    expect((await post(d)).status).toBe(202);
    const again = await post(d);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('duplicate');
    expect(queued).toHaveLength(1);
  });

  it('a wrong secret answers 401 and queues nothing', async () => {
    const r = await post(delivery(paid(), { secret: OTHER_SECRET }));
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/signature does not match/);
    expect(queued).toEqual([]);
  });

  it('an altered body answers 401 and queues nothing', async () => {
    const d = delivery(paid(100));
    const r = await post({ ...d, body: d.body.replace('"amountCents":100', '"amountCents":1') });
    expect(r.status).toBe(401);
    expect(queued).toEqual([]);
  });

  it('a timestamp more than 5 minutes old answers 401 and queues nothing', async () => {
    const r = await post(delivery(paid(), { at: new Date(Date.now() - 6 * 60_000) }));
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/more than 5 minutes old/);
    expect(queued).toEqual([]);
  });

  it('a timestamp more than 5 minutes in the future answers 401 and queues nothing', async () => {
    const r = await post(delivery(paid(), { at: new Date(Date.now() + 6 * 60_000) }));
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/in the future/);
    expect(queued).toEqual([]);
  });

  it('signed invalid JSON answers 400 and queues nothing', async () => {
    const r = await post(delivery(null, { raw: '{"type": "payment.succeeded",' }));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_request', details: [{ in: 'body', message: 'not valid JSON' }] });
    expect(queued).toEqual([]);
  });

  it.each([
    ['an unknown type', { type: 'subscription.created', data: {} }],
    ['a missing amount', { type: 'payment.succeeded', data: { paymentId: 'p', customerId: 'c', method: 'ideal' } }],
    ['a negative amount', { type: 'payment.succeeded', data: { paymentId: 'p', customerId: 'c', amountCents: -5, method: 'ideal' } }],
    ['an unknown method', { type: 'payment.succeeded', data: { paymentId: 'p', customerId: 'c', amountCents: 5, method: 'cash' } }],
    ['a timestamp without offset', { type: 'payment.reversed', timestamp: '2026-03-05T10:00:00', data: { paymentId: 'p', reason: 'storno' } }],
  ])('a signed body with %s answers 400 with the field errors and queues nothing', async (_, payload) => {
    const r = await post(delivery(payload));
    expect(r.status).toBe(400);
    expect(r.body.error.details.length).toBeGreaterThan(0);
    expect(queued).toEqual([]);
  });

  it('missing Standard Webhooks headers answer 400', async () => {
    const d = delivery(paid());
    const { ['webhook-signature']: _, ...headers } = d.headers;
    const r = await post({ body: d.body, headers });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([{ in: 'header', field: 'webhook-signature', message: expect.any(String) }]);
  });

  it('a refused delivery can be sent again correctly under the same id', async () => {
    const id = `msg_retry_${n}`;
    expect((await post(delivery(paid(), { id, secret: OTHER_SECRET }))).status).toBe(401);
    expect((await post(delivery(paid(), { id }))).status).toBe(202);
    expect(queued).toHaveLength(1);
  });
});
