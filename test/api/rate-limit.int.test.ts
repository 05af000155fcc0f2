/** The per-key rate limit: past the burst a key gets 429 with Retry-After, other keys are unaffected. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { partnerApi } from '../../api/router.js';
import { v2event } from './events.js';
import { startWorld, worldApi, type World } from './world.js';

describe('rate limit per API key', () => {
  let w: World;
  let now = 0;
  let api: ReturnType<typeof partnerApi>;
  beforeAll(async () => {
    w = await startWorld();
    api = worldApi(w, { perSecond: 2, burst: 3 }, () => now);
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
