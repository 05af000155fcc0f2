/**
 * Property-based fuzzing of the partner API (fast-check) against the local stack: whatever the
 * path, query, headers and body, the answer is never a 5xx, always JSON in the error shape when
 * it is not a success, and nothing that the domain's own schema would refuse is ever queued.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../../adapters/api-keys.js';
import { DynamoIdClaims, DynamoIdempotencyKeys } from '../../adapters/api-writes.js';
import { ReadModel } from '../../adapters/read-model.js';
import { cursorSealer } from '../../api/cursor.js';
import { rateLimiter } from '../../api/rate-limit.js';
import { partnerApi } from '../../api/router.js';
import type { EventQueues } from '../../app/ports.js';
import { anyEvent, type IncomingEvent } from '../../domain/index.js';
import { v2event } from './events.js';
import { startWorld, type World } from './world.js';

describe('partner API under fuzzed input', () => {
  let w: World;
  let api: ReturnType<typeof partnerApi>;
  const queued: IncomingEvent[] = [];
  const domainCalls: Array<{ fn: string; args: unknown[] }> = [];

  beforeAll(async () => {
    w = await startWorld();
    const deps = w.p.deps;
    // Record what reaches the catalog (the domain's entry to terms) and the queues.
    const catalog = {
      get: (id: string, version?: number) => (domainCalls.push({ fn: 'catalog.get', args: [id, version] }), deps.catalog.get(id, version)),
      latest: (id: string) => deps.catalog.latest(id),
    };
    // SqsEventQueues is a class: its methods live on the prototype, so spreading it would drop them. Only `send` is recorded.
    const recording: EventQueues = {
      send: async (e) => void queued.push(e),
      sendMany: async (events) => void queued.push(...events),
      sendOutbox: (keys, options) => deps.queues.sendOutbox(keys, options),
    };
    api = partnerApi(
      { deps: { clock: deps.clock, logger: deps.logger, catalog, webhooks: deps.webhooks, queues: recording }, read: new ReadModel(deps.clients.doc, deps.tableName), cursors: cursorSealer('fuzz-secret'), writes: { idempotency: new DynamoIdempotencyKeys(deps.clients.doc, deps.tableName), claims: new DynamoIdClaims(deps.clients.doc, deps.tableName) } },
      { apiKeys: new ApiKeys(deps.clients.doc, deps.tableName), rateLimit: rateLimiter({ perSecond: 1e9, burst: 1e9 }) },
    );
  });
  afterAll(async () => w?.stop());

  const weird = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('', '..', '%', '%00', '%2F', '%E0%A4%A', 'sub-a1', 'sub-b1', 'cus-a1', 'cus-b1', 'sub-a1%2Fevents', 'x'.repeat(300), '\u0000', ' ', '#', 'SUB#sub-a1', '{"a":1}'),
  );
  const segment = fc.oneof(
    fc.constantFrom('sub-a1', 'sub-a2', 'sub-a4', 'sub-b1', 'cus-a1', 'cus-b1'),
    fc.tuple(weird, fc.boolean()).map(([s, encode]) => (encode ? encodeURIComponent(s) : s.replaceAll('/', ''))),
  );
  // The write-only routes less often: on them every method but POST is a 405, and the reads must still be reached.
  const path = fc.oneof(
    { arbitrary: fc.tuple(segment).map(([id]) => `/v1/customers/${id}`), weight: 2 },
    { arbitrary: fc.tuple(segment, fc.constantFrom('', '/events', '/invoices', '/cancellation-quote', '/forecast', '/cancellation', '/nope')).map(([id, tail]) => `/v1/subscriptions/${id}${tail}`), weight: 2 },
    { arbitrary: fc.tuple(segment, fc.constantFrom('/seats', '/plan', '/usage')).map(([id, tail]) => `/v1/subscriptions/${id}${tail}`), weight: 1 },
    { arbitrary: fc.constantFrom('/v1/customers', '/v1/subscriptions', '/v1', '/v1/', '/v1/openapi.json', '/v1//customers'), weight: 2 },
    { arbitrary: fc.array(segment, { maxLength: 5 }).map((parts) => `/v1/${parts.join('/')}`), weight: 2 },
  );
  const queryKey = fc.oneof(fc.constantFrom('limit', 'cursor', 'status', 'customerId', 'until', 'requestedEndDate'), weird);
  const queryValue = fc.oneof(
    weird,
    fc.integer().map(String),
    fc.double().map(String),
    fc.constantFrom('2026-12-31', '2026-02-30', '2099-01-01', '2026-06-01T00:00:00+02:00', 'active', 'pending', '-1', '0', '200', '201', '1e3'),
  );
  const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
  const body = fc.oneof(
    fc.constant(undefined),
    fc.json(),
    weird,
    fc.record({ requestedEndDate: fc.oneof(queryValue, fc.integer(), fc.constant(null)) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
    // Near-valid seat, plan and usage bodies, so the fuzzer gets past the schemas to the handlers.
    fc.record({
      seats: fc.oneof(fc.integer({ min: -1, max: 2000 }), weird),
      plan: fc.record({ name: fc.oneof(weird, fc.constant('Plus')), priceCents: fc.oneof(fc.integer({ min: -1, max: 2_000_000 }), fc.double()), period: fc.constantFrom('month', 'year', 'week') }, { requiredKeys: [] }),
      effectiveAt: queryValue,
      usageId: weird,
      metric: fc.oneof(weird, fc.constant('data-gb')),
      quantity: fc.oneof(fc.integer({ min: -1, max: 20_000_000 }), fc.double()),
      period: fc.oneof(weird, fc.constantFrom('2026-03', '2026-13')),
    }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
  );
  // GET as often as all the others together: most routes are reads, and the test needs some to succeed.
  const method = fc.oneof({ arbitrary: fc.constant('GET'), weight: 4 }, { arbitrary: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH'), weight: 4 });
  const headers = fc.record({ 'idempotency-key': fc.option(weird, { nil: undefined }) }, { requiredKeys: [] });

  it('never answers 5xx, and every error is in the error shape', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(method, path, fc.oneof(fc.constant(''), query), body, headers, fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }), async (m, p, q, b, h, authed) => {
        const hs: Record<string, string> = { ...(authed ? { authorization: `Bearer ${w.keyA}` } : {}) };
        if (h['idempotency-key'] !== undefined) hs['idempotency-key'] = h['idempotency-key'];
        const r = await api(v2event(m, p, { query: q, headers: hs, ...(b === undefined ? {} : { body: b }) }));
        expect(r.statusCode, `${m} ${p}?${q} ${b ?? ''} -> ${r.body}`).toBeLessThan(500);
        statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
        const parsed = JSON.parse(r.body as string);
        if (r.statusCode >= 400) {
          expect(Object.keys(parsed)).toEqual(['error']);
          expect(Object.keys(parsed.error)).toEqual(['code', 'message', 'details']);
        }
      }),
      { numRuns: 400 },
    );
    // The fuzzer reached the routes, not only the front door.
    for (const status of [200, 400, 401, 404]) expect(statuses.get(status) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
  });

  it('queues only events the domain schema accepts, for the caller\'s own subscriptions, and asks the catalog only for stored terms', async () => {
    for (const e of queued) {
      expect(anyEvent.safeParse(e).success, JSON.stringify(e)).toBe(true);
      expect(w.a.subscriptions).toContain((e as { data: { subscriptionId: string } }).data.subscriptionId);
    }
    for (const call of domainCalls) expect(call.args).toEqual(['totaldesk', 1]);
  });
});
