import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueKeys } from '../../adapters/keys.js';
import { countRequests } from '../../adapters/request-counter.js';
import { createHandler } from '../../functions/sweep.js';
import type { SweepResult } from '../../app/sweep.js';
import { stack } from '../support/stack.js';
import { CONTEXT, pipeline, receive, type Pipeline } from './harness.js';

let p: Pipeline;
beforeAll(async () => {
  // Far before anything other tests store, so only this file's accounts can be due.
  p = await pipeline({ now: '2001-01-01T00:00:00.000Z' });
});
afterAll(() => p.clients.destroy());

describe('the sweep over 10,000 accounts of which 100 are due', () => {
  it('reads about the 100 due index entries, not 10,000 items, and enqueues one tick each', async () => {
    const run = randomUUID().slice(0, 8);
    const items = Array.from({ length: 10_000 }, (_, i) => {
      const customerId = `sweep-${run}-${i}`;
      const dueAt = i % 100 === 0 ? '2000-12-31T23:00:00.000Z' : '2001-06-01T00:00:00.000Z';
      return { pk: `CUST#${customerId}`, sk: 'ACCOUNT', customerId, version: 1, state: '{}', dueAt, ...dueKeys(customerId, dueAt) };
    });
    const chunks = Array.from({ length: items.length / 25 }, (_, i) => items.slice(i * 25, i * 25 + 25));
    for (let i = 0; i < chunks.length; i += 16) {
      await Promise.all(chunks.slice(i, i + 16).map(async (chunk) => {
        let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          const out = await p.clients.doc.send(new BatchWriteCommand({ RequestItems: { [stack().tableName]: requests } }));
          requests = (out.UnprocessedItems?.[stack().tableName] ?? []) as typeof requests;
        }
      }));
    }

    const counter = countRequests({ dynamodb: p.clients.dynamodb, sqs: p.clients.sqs, ses: p.clients.ses });
    const result = (await createHandler(p.deps)({}, CONTEXT)) as SweepResult;

    expect(result.due).toBe(100);
    expect(result.itemsRead).toBe(100);
    // One query per due shard (8), the stale-outbox query and the overdue parked events; no Scan.
    expect(counter.snapshot()['dynamodb.QueryCommand']).toBe(10);
    expect(counter.snapshot()['dynamodb.ScanCommand']).toBeUndefined();
    console.info('sweep read', result, counter.snapshot());

    const { Attributes } = await p.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: p.queueUrls['subscription-events'], AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Number(Attributes?.ApproximateNumberOfMessages)).toBe(100);
    const [tick] = await receive(p, p.queueUrls['subscription-events'], 1);
    expect(JSON.parse(tick!.Body!)).toMatchObject({ type: 'subscription.due', id: expect.stringMatching(new RegExp(`^tick:sweep-${run}-\\d+:2000-12-31T23:00:00.000Z$`)) });
  });
});
