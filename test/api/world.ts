/**
 * A small world for the partner API tests, built through the real pipeline (queues, handlers,
 * DynamoDB): two resellers, A with three customers and four subscriptions, B with one of each,
 * and an API key for each reseller.
 */
import { ApiKeys } from '../../adapters/api-keys.js';
import { DynamoIdClaims, DynamoIdempotencyKeys } from '../../adapters/api-writes.js';
import { ReadModel } from '../../adapters/read-model.js';
import { cursorSealer } from '../../api/cursor.js';
import { rateLimiter, type RateLimit } from '../../api/rate-limit.js';
import { partnerApi } from '../../api/router.js';
import type { IncomingEvent } from '../../domain/index.js';
import type { WebhookPolicy } from '../../app/ports.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

export const START = '2026-03-02T09:00:00+01:00';

export interface World {
  readonly p: Pipeline;
  readonly keyA: string;
  readonly keyB: string;
  readonly a: { customers: string[]; subscriptions: string[] };
  readonly b: { customers: string[]; subscriptions: string[] };
  readonly stop: () => Promise<void>;
}

export interface ApiAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read back in tests
  headers: Headers;
}

let seq = 0;
const ev = (type: string, data: Record<string, unknown>) => ({ id: `seed_${++seq}_${type}`, type, occurredAt: START, data }) as unknown as IncomingEvent;

export async function startWorld(options: { start?: string; webhookPolicy?: Partial<WebhookPolicy> } = {}): Promise<World> {
  const p = await startPipeline({ start: options.start ?? START, ...(options.webhookPolicy && { webhookPolicy: options.webhookPolicy }) });
  const a = { customers: ['cus-a1', 'cus-a2', 'cus-a3'], subscriptions: ['sub-a1', 'sub-a2', 'sub-a3', 'sub-a4'] };
  const b = { customers: ['cus-b1'], subscriptions: ['sub-b1'] };
  const customer = (customerId: string, resellerId: string) =>
    ev('customer.created', { customerId, kind: 'business', name: `Klant ${customerId}`, email: `${customerId}@klant.example`, language: 'nl', resellerId, directDebit: true });
  const subscription = (subscriptionId: string, customerId: string) =>
    ev('subscription.created', { subscriptionId, customerId, termsId: 'totaldesk', plan: { name: 'Online werkplek', priceCents: 5000, period: 'month' }, seats: 2 });
  await p.send(
    ev('reseller.created', { resellerId: 'res-a', name: 'Reseller A', email: 'a@reseller.example' }),
    ev('reseller.created', { resellerId: 'res-b', name: 'Reseller B', email: 'b@reseller.example' }),
    ...a.customers.map((c) => customer(c, 'res-a')),
    ...b.customers.map((c) => customer(c, 'res-b')),
  );
  await p.drain();
  const owners: Record<string, string> = { 'sub-a1': 'cus-a1', 'sub-a2': 'cus-a1', 'sub-a3': 'cus-a2', 'sub-a4': 'cus-a3', 'sub-b1': 'cus-b1' };
  await p.send(...Object.entries(owners).map(([s, c]) => subscription(s, c)));
  await p.drain();
  // sub-a4 stays pending; the others are activated — sub-a1 before sub-a2, so that cus-a1's
  // first invoice (cus-a1-0001) is sub-a1's whatever order a batch is processed in.
  await p.send(...['sub-a1', 'sub-a3', 'sub-b1'].map((s) => ev('subscription.activated', { subscriptionId: s })));
  await p.drain();
  await p.send(ev('subscription.activated', { subscriptionId: 'sub-a2' }));
  await p.drain();
  const keys = new ApiKeys(p.clients.doc, p.tableName);
  const keyA = (await keys.create({ resellerId: 'res-a', name: 'test A' })).key;
  const keyB = (await keys.create({ resellerId: 'res-b', name: 'test B' })).key;
  return { p, keyA, keyB, a, b, stop: () => p.stop() };
}

/** One HTTP call to the local server, JSON in and out. */
export async function call(
  baseUrl: string,
  key: string | null,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...options.headers };
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(new URL(path, baseUrl), { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/**
 * The partner API's router over the world's table, called directly (no HTTP), its rate limit on a
 * clock of the test's own: for tests that need the limiter's time in hand.
 */
export function worldApi(w: World, limit: RateLimit['limit'], now: () => number): ReturnType<typeof partnerApi> {
  const d = w.p.deps;
  return partnerApi(
    { deps: d, read: new ReadModel(d.clients.doc, d.tableName), cursors: cursorSealer('s'), writes: { idempotency: new DynamoIdempotencyKeys(d.clients.doc, d.tableName), claims: new DynamoIdClaims(d.clients.doc, d.tableName) } },
    { apiKeys: new ApiKeys(d.clients.doc, d.tableName), rateLimit: rateLimiter(limit, now) },
  );
}
