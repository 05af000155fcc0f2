/** The per-key rate limit: past the burst a key gets 429 with Retry-After, other keys are unaffected. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../../adapters/api-keys.js';
import { DynamoIdClaims, DynamoIdempotencyKeys } from '../../adapters/api-writes.js';
import { ReadModel } from '../../adapters/read-model.js';
import { cursorSealer } from '../../api/cursor.js';
import { rateLimiter } from '../../api/rate-limit.js';
import { partnerApi } from '../../api/router.js';
import { v2event } from './events.js';
import { startWorld, type World } from './world.js';

describe('rate limit per API key', () => {
  let w: World;
  let now = 0;
  let api: ReturnType<typeof partnerApi>;
  beforeAll(async () => {
    w = await startWorld();
    const d = w.p.deps;
    api = partnerApi(
      { deps: d, read: new ReadModel(d.clients.doc, d.tableName), cursors: cursorSealer('s'), writes: { idempotency: new DynamoIdempotencyKeys(d.clients.doc, d.tableName), claims: new DynamoIdClaims(d.clients.doc, d.tableName) } },
      { apiKeys: new ApiKeys(d.clients.doc, d.tableName), rateLimit: rateLimiter({ perSecond: 2, burst: 3 }, () => now) },
    );
  });
  afterAll(async () => w?.stop());

  const get = (key: string) => api(v2event('GET', '/v1/customers', { headers: { authorization: `Bearer ${key}` } }));

  it('answers 429 in the error shape past the burst, with Retry-After, and recovers with time', async () => {
    for (let i = 0; i < 3; i++) expect((await get(w.keyA)).statusCode).toBe(200);
    const limited = await get(w.keyA);
    expect(limited.statusCode).toBe(429);
    expect(JSON.parse(limited.body as string)).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('2 requests per second'), details: null } });
    expect(limited.headers['retry-after']).toBe('1');
    expect((await get(w.keyB)).statusCode).toBe(200);
    now += 1000;
    expect((await get(w.keyA)).statusCode).toBe(200);
  });

  it('does not spend a key\'s budget on unauthenticated calls', async () => {
    expect((await get('lt_unknown')).statusCode).toBe(401);
  });
});
