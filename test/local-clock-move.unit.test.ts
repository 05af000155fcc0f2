/**
 * Issue 11: POST /dev/clock on a long move never answers 504 while the pipeline is still working;
 * it answers 202 with its progress and a place to poll, and the move finishes there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Deps } from '../functions/deps.js';
import { createSimulatedClock } from '../local/clock.js';
import { startHttpServer, type LocalHttpServer } from '../local/http.js';
import { DrainTimeoutError, type Runner } from '../local/runner.js';

/** A runner whose drain keeps working (handling 10 messages per look) for `looks` looks, or stalls. */
function busyRunner(looks: number, stalled = false): Runner {
  let succeeded = 0;
  let left = looks;
  return {
    start: async () => undefined,
    stop: async () => undefined,
    runSweep: async () => undefined,
    stats: () => ({ queues: { 'subscription-events': { batches: 0, records: succeeded, succeeded, failed: 0, handlerErrors: 0, handlerMs: 0 } }, sweeps: 0, sweepErrors: 0 }),
    async drain(options) {
      await new Promise((r) => setTimeout(r, Math.min(20, options?.timeoutMs ?? 20)));
      if (left-- > 0) {
        if (!stalled) succeeded += 10;
        throw new DrainTimeoutError(options?.timeoutMs ?? 0, { 'subscription-events': left * 10 });
      }
      return { processed: 0, failed: 0, ms: 0 };
    },
  };
}

let http: LocalHttpServer | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
});

const post = async (url: string) => {
  const r = await fetch(new URL('/dev/clock', url), { method: 'POST', body: JSON.stringify({ now: '2027-01-01T00:00:00Z' }) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe('POST /dev/clock on a long move', () => {
  it('answers 202 with progress while the pipeline works, and the move completes where it says to poll', async () => {
    const clock = createSimulatedClock({ start: '2026-01-01T00:00:00Z', mode: 'frozen' });
    http = await startHttpServer({ port: 0, deps: {} as Deps, clock, runner: busyRunner(30), drainTimeoutMs: 50, answerWithinMs: 100, log: () => undefined });
    const first = await post(http.url);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'working', to: '2027-01-01T00:00:00Z', poll: expect.stringMatching(/^\/dev\/clock\/moves\//) });
    let polled: Record<string, unknown> = {};
    for (let i = 0; i < 100 && polled['status'] !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      polled = (await (await fetch(new URL(String(first.body['poll']), http.url))).json()) as Record<string, unknown>;
    }
    expect(polled).toMatchObject({ status: 'done', processedSoFar: 300, result: { now: '2027-01-01T00:00:00.000Z', processed: 300, failed: 0 } });
  });

  it('answers 200 with the result when the move finishes in time', async () => {
    const clock = createSimulatedClock({ start: '2026-01-01T00:00:00Z', mode: 'frozen' });
    http = await startHttpServer({ port: 0, deps: {} as Deps, clock, runner: busyRunner(3), drainTimeoutMs: 50, answerWithinMs: 5_000, log: () => undefined });
    expect(await post(http.url)).toEqual({ status: 200, body: { now: '2027-01-01T00:00:00.000Z', processed: 30, failed: 0 } });
  });

  it('gives up with 504 only when nothing moved for the stall timeout', async () => {
    const clock = createSimulatedClock({ start: '2026-01-01T00:00:00Z', mode: 'frozen' });
    http = await startHttpServer({ port: 0, deps: {} as Deps, clock, runner: busyRunner(1_000, true), drainTimeoutMs: 100, answerWithinMs: 5_000, log: () => undefined });
    const r = await post(http.url);
    expect(r.status).toBe(504);
    expect(r.body).toMatchObject({ error: { code: 'drain_timeout' } });
  });
});
