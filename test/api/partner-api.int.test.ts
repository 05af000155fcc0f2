/**
 * The partner API against the local stack: every endpoint's success and error paths, through
 * the local HTTP server, the real handlers and DynamoDB Local.
 */
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../../adapters/api-keys.js';
import { call, startWorld, type World } from './world.js';


// Revocation is tested as immediate: no key cache in this file's server.
process.env.API_KEY_CACHE_SECONDS = '0';
describe('partner API', () => {
  let w: World;
  const get = (path: string, key: string | null = w.keyA) => call(w.p.url, key, 'GET', path);

  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(async () => w?.stop());

  describe('authentication', () => {
    it('answers 401 in the error shape without a key', async () => {
      const r = await get('/v1/customers', null);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('missing API key'), details: null } });
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    });
    it('answers 401 for an unknown key', async () => {
      expect((await get('/v1/customers', 'lt_not-a-key')).body.error.code).toBe('unauthorized');
    });
    it('answers 401 for a revoked key, and the key is stored only as its hash', async () => {
      const keys = new ApiKeys(w.p.clients.doc, w.p.tableName);
      const { key, record } = await keys.create({ resellerId: 'res-a', name: 'to revoke' });
      expect((await get('/v1/customers', key)).status).toBe(200);
      const stored = await w.p.item(`APIKEY#${(await import('../../adapters/api-keys.js')).hashApiKey(key)}`, 'APIKEY');
      expect(JSON.stringify(stored)).not.toContain(key);
      await keys.revoke(record.keyId);
      expect((await get('/v1/customers', key)).status).toBe(401);
    });
  });

  describe('GET /v1/customers', () => {
    it('lists the reseller\'s customers with status and arrears', async () => {
      const r = await get('/v1/customers');
      expect(r.status).toBe(200);
      expect(r.body.data.map((c: { id: string }) => c.id)).toEqual(['cus-a1', 'cus-a2', 'cus-a3']);
      expect(r.body.data[0]).toMatchObject({ id: 'cus-a1', resellerId: 'res-a', status: 'active', arrearsCents: expect.any(Number), subscriptionIds: ['sub-a1', 'sub-a2'] });
      expect(r.body.nextCursor).toBeNull();
    });
    it('pages with limit and an opaque cursor', async () => {
      const first = await get('/v1/customers?limit=2');
      expect(first.body.data.map((c: { id: string }) => c.id)).toEqual(['cus-a1', 'cus-a2']);
      expect(typeof first.body.nextCursor).toBe('string');
      expect(first.body.nextCursor).not.toContain('cus-a2');
      const second = await get(`/v1/customers?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
      expect(second.body.data.map((c: { id: string }) => c.id)).toEqual(['cus-a3']);
    });
    it('refuses a tampered cursor with 400 invalid_cursor', async () => {
      const first = await get('/v1/customers?limit=1');
      const [body, sig] = (first.body.nextCursor as string).split('.');
      const forged = Buffer.from(Buffer.from(body!, 'base64url').toString().replace('cus-a1', 'cus-a2')).toString('base64url');
      const r = await get(`/v1/customers?cursor=${forged}.${sig}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_cursor');
      expect((await get('/v1/customers?cursor=garbage')).body.error.code).toBe('invalid_cursor');
    });
    it('refuses a cursor of another list', async () => {
      const first = await get('/v1/customers?limit=1');
      const r = await get(`/v1/subscriptions?cursor=${encodeURIComponent(first.body.nextCursor)}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_cursor');
    });
    it.each(['limit=0', 'limit=201', 'limit=abc', 'limit=1.5', 'foo=bar', 'limit=1&limit=2'])('answers 400 with field errors for %s', async (q) => {
      const r = await get(`/v1/customers?${q}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(r.body.error.details[0]).toMatchObject({ in: 'query', field: expect.any(String), message: expect.any(String) });
    });
  });

  describe('GET /v1/customers/{customerId}', () => {
    it('answers one customer', async () => {
      const r = await get('/v1/customers/cus-a2');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: 'cus-a2', kind: 'business', status: 'active', arrearsCents: 0 });
    });
    it('answers 404 for an unknown id', async () => {
      const r = await get('/v1/customers/cus-nope');
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ error: { code: 'not_found', message: "customer 'cus-nope' not found", details: null } });
    });
    it('answers 400 for an id with spaces or over 128 characters', async () => {
      expect((await get('/v1/customers/a%20b')).status).toBe(400);
      expect((await get(`/v1/customers/${'x'.repeat(129)}`)).status).toBe(400);
      expect((await get('/v1/customers/%E0%A4%A')).status).toBe(400);
    });
  });

  describe('GET /v1/subscriptions', () => {
    it('lists the reseller\'s subscriptions', async () => {
      const r = await get('/v1/subscriptions');
      expect(r.status).toBe(200);
      expect(r.body.data.map((s: { id: string }) => s.id)).toEqual(['sub-a1', 'sub-a2', 'sub-a3', 'sub-a4']);
    });
    it('filters by customer and by status', async () => {
      expect((await get('/v1/subscriptions?customerId=cus-a1')).body.data.map((s: { id: string }) => s.id)).toEqual(['sub-a1', 'sub-a2']);
      expect((await get('/v1/subscriptions?status=pending')).body.data.map((s: { id: string }) => s.id)).toEqual(['sub-a4']);
      expect((await get('/v1/subscriptions?status=active&limit=2')).body.data.map((s: { id: string }) => s.id)).toEqual(['sub-a1', 'sub-a2']);
    });
    it('pages through a filtered list to the end', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r: { body: { data: { id: string }[]; nextCursor: string | null } } = await get(`/v1/subscriptions?status=active&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...r.body.data.map((s) => s.id));
        cursor = r.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['sub-a1', 'sub-a2', 'sub-a3']);
    });
    it('answers 400 for an unknown status', async () => {
      const r = await get('/v1/subscriptions?status=frozen');
      expect(r.status).toBe(400);
      expect(r.body.error.details[0]).toMatchObject({ in: 'query', field: 'status' });
    });
  });

  describe('GET /v1/subscriptions/{subscriptionId}', () => {
    it('answers the contract fields', async () => {
      const r = await get('/v1/subscriptions/sub-a1');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: 'sub-a1', customerId: 'cus-a1', termsId: 'totaldesk', status: 'active', suspension: null, cancellation: null, arrears: null, seats: 2, dataDeletionAt: null });
      expect(r.body.currentTerm.start).toBe('2026-03-02');
      for (const field of ['nextRenewalAt', 'noticeDeadline']) expect(r.body).toHaveProperty(field);
    });
    it('answers 404 for an unknown id', async () => {
      expect((await get('/v1/subscriptions/sub-nope')).body).toEqual({ error: { code: 'not_found', message: "subscription 'sub-nope' not found", details: null } });
    });
  });

  describe('GET /v1/subscriptions/{id}/events', () => {
    it('answers the audit trail oldest first, with rule, source and data', async () => {
      const r = await get('/v1/subscriptions/sub-a1/events');
      expect(r.status).toBe(200);
      expect(r.body.data.length).toBeGreaterThan(0);
      const ats = r.body.data.map((e: { at: string }) => e.at);
      expect([...ats].sort()).toEqual(ats);
      expect(r.body.data[0]).toEqual({
        type: expect.any(String), at: expect.any(String), rule: expect.toBeOneOf([null, expect.any(String)]), source: expect.toBeOneOf([null, expect.any(String)]), data: expect.any(Object),
        subscriptionId: 'sub-a1', eventId: expect.any(String),
      });
    });
    it('pages', async () => {
      const all = (await get('/v1/subscriptions/sub-a1/events')).body.data;
      const first = await get('/v1/subscriptions/sub-a1/events?limit=1');
      expect(first.body.data).toEqual(all.slice(0, 1));
      if (all.length > 1) expect(first.body.nextCursor).not.toBeNull();
    });
  });

  describe('GET /v1/subscriptions/{id}/invoices', () => {
    it('answers the invoices with amounts and status', async () => {
      const r = await get('/v1/subscriptions/sub-a1/invoices');
      expect(r.status).toBe(200);
      expect(r.body.data.length).toBeGreaterThanOrEqual(1);
      expect(r.body.data[0]).toMatchObject({ id: 'cus-a1-0001', issuedAt: '2026-03-02', netCents: 10000, vatCents: 2100, totalCents: 12100, openCents: 12100, status: 'open', lines: expect.any(Array) });
    });
    it('a pending subscription has none', async () => {
      expect((await get('/v1/subscriptions/sub-a4/invoices')).body).toEqual({ data: [], nextCursor: null });
    });
  });

  describe('GET /v1/subscriptions/{id}/cancellation-quote', () => {
    it('answers the earliest end date, fee and refusal', async () => {
      const r = await get('/v1/subscriptions/sub-a1/cancellation-quote');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ earliestEndDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), earlyTerminationFeeCents: expect.any(Number), refusal: null, rule: expect.stringMatching(/^R-/) });
    });
    it('answers 400 for a malformed requestedEndDate', async () => {
      expect((await get('/v1/subscriptions/sub-a1/cancellation-quote?requestedEndDate=2026-13-01')).status).toBe(400);
    });
  });

  describe('GET /v1/subscriptions/{id}/forecast', () => {
    it('answers dated future events up to until', async () => {
      const r = await get('/v1/subscriptions/sub-a1/forecast?until=2026-07-01');
      expect(r.status).toBe(200);
      expect(r.body.events.length).toBeGreaterThan(0);
      for (const e of r.body.events) {
        expect(e.at > r.body.from && e.at <= r.body.until).toBe(true);
        expect(e).toHaveProperty('rule');
      }
    });
    it.each(['', '?until=yesterday', '?until=2020-01-01', '?until=2099-01-01'])('answers 400 for %s', async (q) => {
      const r = await get(`/v1/subscriptions/sub-a1/forecast${q}`);
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].field).toBe('until');
    });
  });

  describe('POST /v1/subscriptions/{id}/cancellation', () => {
    it('answers 202 with the quote and queues cancellation.requested with channel api', async () => {
      const quote = (await get('/v1/subscriptions/sub-a2/cancellation-quote')).body;
      const r = await call(w.p.url, w.keyA, 'POST', '/v1/subscriptions/sub-a2/cancellation', { body: {} });
      expect(r.status).toBe(202);
      expect(r.body).toMatchObject({ earliestEndDate: quote.earliestEndDate, refusal: null, eventId: expect.stringMatching(/^api_/) });
      await w.p.drain();
      const sub = (await get('/v1/subscriptions/sub-a2')).body;
      expect(sub.status).toBe('cancelling');
      expect(sub.cancellation).toMatchObject({ channel: 'api' });
    });
    it('makes retries with the same Idempotency-Key the same event', async () => {
      const headers = { 'idempotency-key': 'retry-1' };
      const one = await call(w.p.url, w.keyA, 'POST', '/v1/subscriptions/sub-a3/cancellation', { body: {}, headers });
      const two = await call(w.p.url, w.keyA, 'POST', '/v1/subscriptions/sub-a3/cancellation', { body: {}, headers });
      expect(one.body.eventId).toBe(two.body.eventId);
    });
    it('answers 400 for an unknown body field or bad JSON, and queues nothing', async () => {
      await w.p.drain();
      const before = await w.p.queueDepth('cancellation-events');
      const bad = await call(w.p.url, w.keyA, 'POST', '/v1/subscriptions/sub-a1/cancellation', { body: { requestedEndDate: '2026-02-30' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0]).toMatchObject({ in: 'body', field: 'requestedEndDate' });
      expect((await call(w.p.url, w.keyA, 'POST', '/v1/subscriptions/sub-a1/cancellation', { body: { when: 'now' } })).status).toBe(400);
      expect((await call(w.p.url, w.keyA, 'POST', '/v1/subscriptions/sub-a1/cancellation', { rawBody: '{nope', headers: { 'content-type': 'application/json' } })).status).toBe(400);
      expect(await w.p.queueDepth('cancellation-events')).toBe(before);
      const peek = await w.p.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: w.p.queueUrls['cancellation-events'], WaitTimeSeconds: 0 }));
      expect(peek.Messages ?? []).toEqual([]);
    });
    it('answers 404 for an unknown subscription', async () => {
      expect((await call(w.p.url, w.keyA, 'POST', '/v1/subscriptions/sub-nope/cancellation', { body: {} })).status).toBe(404);
    });
  });

  describe('routing', () => {
    it('answers 404 for an unknown path and 405 for a wrong method', async () => {
      expect((await get('/v1/nothing')).body.error.code).toBe('not_found');
      const r = await call(w.p.url, w.keyA, 'DELETE', '/v1/customers');
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, POST');
    });
  });

  describe('GET /v1/openapi.json', () => {
    it('is an OpenAPI 3.1 document naming every endpoint of the contract', async () => {
      const r = await get('/v1/openapi.json', null);
      expect(r.status).toBe(200);
      expect(r.body.openapi).toBe('3.1.0');
      // Every endpoint of the contract and of the write API (others add theirs: a superset).
      expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining([
        '/v1/customers', '/v1/customers/{customerId}', '/v1/customers/{customerId}/events', '/v1/events/{eventId}', '/v1/invoices/{invoiceId}', '/v1/invoices/{invoiceId}/pdf', '/v1/invoices/{invoiceId}/ubl', '/v1/openapi.json', '/v1/subscriptions', '/v1/subscriptions/{subscriptionId}',
        '/v1/subscriptions/{subscriptionId}/cancellation', '/v1/subscriptions/{subscriptionId}/cancellation-quote',
        '/v1/subscriptions/{subscriptionId}/events', '/v1/subscriptions/{subscriptionId}/forecast', '/v1/subscriptions/{subscriptionId}/invoices',
      ].concat(['/v1/invoices/{invoiceId}/dispute', '/v1/subscriptions/{subscriptionId}/seats', '/v1/subscriptions/{subscriptionId}/plan', '/v1/subscriptions/{subscriptionId}/usage'])));
      // Every operation has an operationId, each once.
      const operations = Object.values(r.body.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) => Object.values(p));
      expect(operations.every((o) => typeof o.operationId === 'string')).toBe(true);
      expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
      expect(r.body.paths['/v1/customers'].post.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
      expect(Object.keys(r.body.paths['/v1/subscriptions/{subscriptionId}/cancellation'])).toEqual(['post', 'delete']);
      expect(r.body.paths['/v1/subscriptions'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['cursor', 'customerId', 'limit', 'status']);
      expect(r.body.components.schemas.Subscription.properties).toHaveProperty('noticeDeadline');
    });
  });
});
