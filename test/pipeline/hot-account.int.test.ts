/**
 * Issue 7 item 6, hot accounts: 40 subscription.created for one account arriving as four batches
 * of ten, two invocations at a time (two pollers). Records of one account in one batch run in
 * order (app/queue-consumer.ts lanes); only the two concurrent invocations can still conflict,
 * and the save's retry absorbs that. Measured side by side with every record of a batch at once.
 */
import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfraError } from '../../adapters/errors.js';
import { processEvent } from '../../app/process-event.js';
import { accountLane, parseEvent, sqsBatchHandler } from '../../app/queue-consumer.js';
import type { IncomingEvent } from '../../domain/index.js';
import type { Deps } from '../../functions/deps.js';
import { CONTEXT, pipeline, toRecord, type Pipeline } from './harness.js';

let p: Pipeline;
beforeAll(async () => {
  p = await pipeline();
});
afterAll(() => p.clients.destroy());

async function run(lanes: boolean): Promise<{ conflicts: number; failed: number; live: number; ms: number }> {
  const tag = randomUUID().slice(0, 8);
  const customerId = `hot-${tag}`;
  let conflicts = 0;
  const deps: Deps = {
    ...p.deps,
    // The store with its save counted: every other method (and its state) is the store's own.
    store: Object.assign(Object.create(p.deps.store) as Deps['store'], {
      save: async (input: Parameters<Deps['store']['save']>[0]) => {
        try {
          await p.deps.store.save(input);
        } catch (error) {
          if (InfraError.is(error, 'store.conflict')) conflicts++;
          throw error;
        }
      },
    }),
  };
  await processEvent(deps, { id: `cc-${tag}`, type: 'customer.created', occurredAt: p.clock.now(), data: { customerId, kind: 'business', name: 'Hot B.V.', email: `${tag}@example.test`, language: 'nl', resellerId: 'r-hot', directDebit: true } });
  const handler = sqsBatchHandler(deps, 'subscription-events', parseEvent, (event, origin) => processEvent(deps, event, origin), lanes ? accountLane : undefined);
  const records: SQSRecord[] = Array.from({ length: 40 }, (_, n) => {
    const event: IncomingEvent = {
      id: `sc-${tag}-${n}`, type: 'subscription.created', occurredAt: p.clock.now(),
      data: { subscriptionId: `sub-${tag}-${n}`, customerId, termsId: 'totaldesk', plan: { name: 'Werkplek', priceCents: 5000, period: 'month' }, seats: 1 },
    };
    return toRecord({ MessageId: `m-${tag}-${n}`, ReceiptHandle: 'r', Body: JSON.stringify(event) } as Message, p.queueUrls['subscription-events']);
  });
  const started = Date.now();
  let failed = 0;
  // Two pollers: two invocations at a time, ten records each.
  for (let i = 0; i < 40; i += 20) {
    const responses = await Promise.all([records.slice(i, i + 10), records.slice(i + 10, i + 20)].map((Records) => handler({ Records }, CONTEXT)));
    failed += responses.reduce((n, r) => n + r.batchItemFailures.length, 0);
  }
  const account = await p.deps.store.load(customerId);
  const live = Object.values(account?.state.subscriptions ?? {}).length;
  return { conflicts, failed, live, ms: Date.now() - started };
}

describe('a hot account: 40 subscription.created in four batches of ten, two invocations at a time', () => {
  it('every subscription is created on first delivery; conflicts fall to those between the two invocations', async () => {
    const racing = await run(false);
    const laned = await run(true);
    console.log(`hot account, 40 subscription.created: all at once per batch ${JSON.stringify(racing)}; per-account lanes ${JSON.stringify(laned)}`);
    expect(laned).toMatchObject({ failed: 0, live: 40 });
    expect(laned.conflicts).toBeLessThan(racing.conflicts);
    // With lanes each invocation has at most one save in flight, so a conflict needs a save of the other
    // invocation that succeeded in between, and each such save can spoil at most that one attempt: never
    // more conflicts than the 40 saves (runs here: 16–23; the bound of 20 this had was a guess, not a limit).
    expect(laned.conflicts).toBeLessThanOrEqual(40);
  }, 120_000);
});
