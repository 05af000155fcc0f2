/**
 * Issue 11's shuffled-order experiment, small (the bench `npm run bench reorder` runs it at 200
 * customers): creation, activation, payment and reversal events for 20 customers, each sent 1–3
 * times, shuffled, through the real queues with a retry budget (visibility 1 s × 2 receives)
 * far shorter than the backlog. Every early event is parked and re-driven; nothing is lost.
 */
import { describe, expect, it } from 'vitest';
import { reorderOutcome, reorderScenario } from '../../bench/reorder.js';
import { pipelinePerTest } from './helpers.js';

describe('20 customers, their events shuffled and duplicated, a backlog longer than the retry budget', () => {
  const begin = pipelinePerTest();

  it('ends with every customer, subscription and payment where in-order delivery puts them; nothing dead-lettered or left parked', async () => {
    const { p } = await begin({ start: '2026-02-01T09:00:00.000Z', visibilityTimeoutSeconds: 1, maxReceiveCount: 2, concurrency: 1 });
    const scenario = reorderScenario(20, 7, `t${Date.now().toString(36)}`);
    for (const queue of ['subscription-events', 'payment-events'] as const) {
      await p.sendRaw(queue, scenario.deliveries.filter((e) => (queue === 'payment-events') === e.type.startsWith('payment.')).map((e) => JSON.stringify(e)));
    }
    const started = Date.now();
    await p.drain();
    const outcome = await reorderOutcome(p.deps, scenario);
    expect(Date.now() - started).toBeGreaterThan(2_000); // the backlog outlasted the retry budget
    expect(outcome).toEqual({ customersMissing: 0, subscriptionsWrong: 0, paymentsWrong: 0, deadLettered: 0, stillParked: 0 });
  }, 240_000);
});
