/**
 * Tenant isolation: every endpoint asked for another reseller's customer or subscription answers
 * exactly what it answers for an id that does not exist; no list contains a foreign item; a
 * cursor issued to reseller A is refused for reseller B.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startWorld, type World } from './world.js';

type Probe = { method: 'GET' | 'POST'; path: (id: string) => string; body?: unknown };

const subscriptionEndpoints: Record<string, Probe> = {
  'GET /v1/subscriptions/{id}': { method: 'GET', path: (id) => `/v1/subscriptions/${id}` },
  'GET /v1/subscriptions/{id}/events': { method: 'GET', path: (id) => `/v1/subscriptions/${id}/events` },
  'GET /v1/subscriptions/{id}/invoices': { method: 'GET', path: (id) => `/v1/subscriptions/${id}/invoices` },
  'GET /v1/subscriptions/{id}/cancellation-quote': { method: 'GET', path: (id) => `/v1/subscriptions/${id}/cancellation-quote` },
  'GET /v1/subscriptions/{id}/forecast': { method: 'GET', path: (id) => `/v1/subscriptions/${id}/forecast?until=2026-12-31` },
  'POST /v1/subscriptions/{id}/cancellation': { method: 'POST', path: (id) => `/v1/subscriptions/${id}/cancellation`, body: {} },
};

describe('tenancy', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(async () => w?.stop());

  const normalise = (body: { error: { message: string } }, id: string) => JSON.stringify(body).replaceAll(id, '<id>');

  describe.each(Object.entries(subscriptionEndpoints))('%s', (_, probe) => {
    it.each([
      ['A asks for B\'s subscription', 'keyA', 'sub-b1'],
      ['B asks for A\'s subscription', 'keyB', 'sub-a1'],
    ] as const)('%s: 404 exactly like an unknown id', async (_, who, foreign) => {
      const key = w[who];
      const depthBefore = await w.p.queueDepth('cancellation-events');
      const theirs = await call(w.p.url, key, probe.method, probe.path(foreign), { body: probe.body });
      const unknown = await call(w.p.url, key, probe.method, probe.path('sub-does-not-exist'), { body: probe.body });
      expect(theirs.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(normalise(theirs.body, foreign)).toBe(normalise(unknown.body, 'sub-does-not-exist'));
      expect([...theirs.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
      expect(await w.p.queueDepth('cancellation-events')).toBe(depthBefore);
    });
  });

  it.each([
    ['keyA', 'cus-b1'],
    ['keyB', 'cus-a1'],
  ] as const)('GET /v1/customers/{id} and /v1/customers/{id}/events with %s for %s: 404 exactly like an unknown id', async (who, foreign) => {
    for (const tail of ['', '/events']) {
      const theirs = await call(w.p.url, w[who], 'GET', `/v1/customers/${foreign}${tail}`);
      const unknown = await call(w.p.url, w[who], 'GET', `/v1/customers/cus-does-not-exist${tail}`);
      expect(theirs.status).toBe(404);
      expect(normalise(theirs.body, foreign)).toBe(normalise(unknown.body, 'cus-does-not-exist'));
      expect([...theirs.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
    }
  });

  it('GET /v1/subscriptions?customerId=<foreign customer> lists nothing', async () => {
    expect((await call(w.p.url, w.keyA, 'GET', '/v1/subscriptions?customerId=cus-b1')).body).toEqual({ data: [], nextCursor: null });
    expect((await call(w.p.url, w.keyB, 'GET', '/v1/subscriptions?customerId=cus-a1')).body).toEqual({ data: [], nextCursor: null });
  });

  it('no list contains a foreign item, whatever the page size', async () => {
    for (const [key, own, foreign] of [
      [w.keyA, 'res-a', ['cus-b1', 'sub-b1']],
      [w.keyB, 'res-b', ['cus-a1', 'cus-a2', 'cus-a3', 'sub-a1', 'sub-a2', 'sub-a3', 'sub-a4']],
    ] as const) {
      for (const list of ['/v1/customers', '/v1/subscriptions', '/v1/subscriptions?status=active']) {
        for (const limit of [1, 2, 50]) {
          let cursor: string | null = null;
          const ids: string[] = [];
          do {
            const sep = list.includes('?') ? '&' : '?';
            const r: { status: number; body: { data: Array<{ id: string; resellerId?: string; customerId?: string }>; nextCursor: string | null } } =
              await call(w.p.url, key, 'GET', `${list}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            expect(r.status).toBe(200);
            ids.push(...r.body.data.map((x) => x.id));
            for (const x of r.body.data) if (x.resellerId) expect(x.resellerId).toBe(own);
            cursor = r.body.nextCursor;
          } while (cursor);
          for (const id of foreign) expect(ids).not.toContain(id);
        }
      }
    }
  });

  it.each(['/v1/customers', '/v1/subscriptions', '/v1/subscriptions/sub-a1/events'])('a cursor of reseller A used by reseller B on %s: 400', async (list) => {
    const page = await call(w.p.url, w.keyA, 'GET', `${list}?limit=1`);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const stolen = list.includes('sub-a1') ? '/v1/subscriptions/sub-b1/events' : list;
    const r = await call(w.p.url, w.keyB, 'GET', `${stolen}?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_cursor');
  });
});
