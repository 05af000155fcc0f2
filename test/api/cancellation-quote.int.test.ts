/**
 * The cancellation quote answers exactly the codes its OpenAPI operation documents — 200, and
 * 400, 401, 404, 429 in the error shape — through the real router, key store and read model,
 * with a rate limiter on a clock of the test's own (as the payment webhook's codes are tested
 * in test/api/openapi.unit.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOpenApiDocument } from '../../api/openapi.js';
import type { partnerApi } from '../../api/router.js';
import { v2event } from './events.js';
import { startWorld, worldApi, type World } from './world.js';

const PATH = '/v1/subscriptions/{subscriptionId}/cancellation-quote';
const documented = Object.keys((generateOpenApiDocument() as { paths: Record<string, { get: { responses: Record<string, unknown> } }> }).paths[PATH]!.get.responses).map(Number).sort();

describe('GET /v1/subscriptions/{id}/cancellation-quote answers the codes it documents', () => {
  let w: World;
  let now = 0;
  let api: ReturnType<typeof partnerApi>;
  beforeAll(async () => {
    w = await startWorld();
    api = worldApi(w, { perSecond: 1, burst: 2 }, () => now);
  });
  afterAll(async () => w?.stop());

  /** One request; the clock moves on first, so each starts with a full budget unless `sameSecond`. */
  const quote = async (subscriptionId: string, query = '', key: string | null = w.keyA, sameSecond = false) => {
    if (!sameSecond) now += 10_000;
    const r = await api(v2event('GET', `/v1/subscriptions/${subscriptionId}/cancellation-quote`, { query: query.replace(/^\?/, ''), headers: key ? { authorization: `Bearer ${key}` } : {} }));
    return { status: r.statusCode, body: JSON.parse(r.body as string) as { error?: { code: string; details: { field: string }[] | null } } };
  };

  it('200 a quote; 400 a bad query with the field; 401 no or an unknown key; 404 an unknown or another reseller\'s subscription; 429 past the key\'s burst', async () => {
    const answered = new Set<number>();
    const expectAnswer = (r: { status: number }, status: number) => {
      expect(r.status).toBe(status);
      answered.add(status);
    };
    expectAnswer(await quote('sub-a1', '?channel=registered_mail'), 200);

    const badDate = await quote('sub-a1', '?requestedEndDate=2026-13-01');
    expectAnswer(badDate, 400);
    expect(badDate.body.error).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ field: 'requestedEndDate' })] });
    const badChannel = await quote('sub-a1', '?channel=fax');
    expectAnswer(badChannel, 400);
    expect(badChannel.body.error!.details![0]!.field).toBe('channel');

    expectAnswer(await quote('sub-a1', '', null), 401);
    expect((await quote('sub-a1', '', 'lt_not-a-key')).body.error!.code).toBe('unauthorized');

    const unknown = await quote('sub-nope');
    expectAnswer(unknown, 404);
    expect(unknown.body.error!.code).toBe('not_found');
    const others = await quote('sub-b1');
    expect([others.status, others.body.error!.code]).toEqual([404, 'not_found']);

    expect((await quote('sub-a1')).status).toBe(200);
    expect((await quote('sub-a1', '', w.keyA, true)).status).toBe(200);
    const limited = await quote('sub-a1', '', w.keyA, true);
    expectAnswer(limited, 429);
    expect(limited.body.error!.code).toBe('rate_limited');

    expect([...answered].sort()).toEqual(documented);
  });
});
