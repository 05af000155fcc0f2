import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../app/sweep.js';
import { stack } from '../support/stack.js';
import { CONTEXT, deleteExcept, pipeline, pollOnce, receive, sendRaw, sleep, toRecord, type Pipeline } from './harness.js';

let p: Pipeline;
beforeAll(async () => {
  p = await pipeline();
});
afterAll(() => p.clients.destroy());

async function reason(messageId: string) {
  const { Item } = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: 'DLQ#subscription-events', sk: messageId }, ConsistentRead: true }));
  return Item;
}

describe('a batch with malformed JSON, an unknown type, invalid data, an unknown subscription and one valid event', () => {
  it('sends each bad message to the DLQ at once with a readable reason, parks the unknown subscription until the horizon, and applies the valid one', async () => {
    const run = randomUUID().slice(0, 8);
    const occurredAt = '2026-03-02T09:00:00+01:00';
    const bodies = {
      malformed: '{"id": "evt-1", "type": ',
      unknownType: JSON.stringify({ id: `evt-u-${run}`, type: 'subscription.teleported', occurredAt, data: {} }),
      invalid: JSON.stringify({ id: `evt-i-${run}`, type: 'customer.created', occurredAt, data: { customerId: `c-i-${run}`, kind: 'robot', name: 'X', email: 'not-an-email', resellerId: 'r', directDebit: true } }),
      unknownSubscription: JSON.stringify({ id: `evt-s-${run}`, type: 'subscription.activated', occurredAt, data: { subscriptionId: `sub-nobody-${run}` } }),
      valid: JSON.stringify({ id: `evt-v-${run}`, type: 'customer.created', occurredAt, data: { customerId: `c-v-${run}`, kind: 'consumer', name: 'Jan', email: `jan-${run}@example.com`, resellerId: 'demo-reseller', directDebit: false } }),
    };
    for (const body of Object.values(bodies)) await sendRaw(p, 'subscription-events', body);
    const url = p.queueUrls['subscription-events'];
    const messages: Awaited<ReturnType<typeof receive>> = [];
    while (messages.length < 5) messages.push(...(await receive(p, url)));
    const idOf = (body: string) => messages.find((m) => m.Body === body)!.MessageId!;

    const response = await p.handlers['subscription-events']({ Records: messages.map((m) => toRecord(m, url)) }, CONTEXT);
    const failed = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    await deleteExcept(p, url, messages, failed);

    // Nothing is retried: the unknown subscription is parked, its creating event may still be on the way.
    expect(failed).toEqual([]);
    const valid = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: `CUST#c-v-${run}`, sk: 'ACCOUNT' } }));
    expect(valid.Item?.['version']).toBe(1);
    const parked = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: `PARK#subscription:sub-nobody-${run}`, sk: `evt-s-${run}` }, ConsistentRead: true }));
    expect(parked.Item).toMatchObject({ code: 'subscription.unknown', eventType: 'subscription.activated', expired: false, deadline: '2026-03-09T09:00:00.000Z' });

    // The three that can never succeed are in the DLQ already, the reason in their attributes.
    const dlq = await receive(p, p.queueUrls['subscription-events-dlq']);
    expect(dlq.map((m) => m.Body).sort()).toEqual([bodies.malformed, bodies.unknownType, bodies.invalid].sort());
    for (const m of dlq) expect(m.MessageAttributes?.['looptijd.reason']?.StringValue).toMatch(/^(message\.malformed_json|event\.unknown_type|event\.invalid): /);
    await deleteExcept(p, p.queueUrls['subscription-events-dlq'], dlq, []);

    expect(await reason(idOf(bodies.malformed))).toMatchObject({ code: 'message.malformed_json', permanent: true, errorClass: 'permanent', deadLettered: true, receiveCount: 1 });
    expect(await reason(idOf(bodies.unknownType))).toMatchObject({ code: 'event.unknown_type', message: "unknown event type 'subscription.teleported'" });
    const invalid = await reason(idOf(bodies.invalid));
    expect(invalid?.['code']).toBe('event.invalid');
    expect(invalid?.['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'data.kind' }), expect.objectContaining({ path: 'data.email' })]));

    // Past the horizon (7 days) the sweep sends it once more, and it is dead-lettered with the reason it waited for.
    // (The table is shared with other test files: only the parking part of the sweep runs here, not their due ticks.)
    p.clock.current = '2026-03-09T09:00:01.000Z';
    await sweep({ ...p.deps, dueIndex: { dueUpTo: async () => ({ due: [], itemsRead: 0, readCapacityUnits: 0 }) }, outbox: { ...p.deps.outbox, stale: async () => [] } });
    let moved: Awaited<ReturnType<typeof receive>> = [];
    for (let i = 0; i < 60 && !moved.some((m) => m.Body?.includes(`sub-nobody-${run}`)); i++) {
      await pollOnce(p, 'subscription-events');
      moved = await receive(p, p.queueUrls['subscription-events-dlq']);
      if (moved.length === 0) await sleep(200);
    }
    const late = moved.find((m) => m.Body?.includes(`sub-nobody-${run}`))!;
    expect(JSON.parse(late.Body!)).toMatchObject({ id: `evt-s-${run}`, type: 'subscription.activated' });
    expect(late.MessageAttributes?.['looptijd.reason']?.StringValue).toMatch(/^event\.parked_too_long: waited from 2026-03-02T09:00:00.000Z until 2026-03-09T09:00:00.000Z for subscription:sub-nobody-/);
    const gone = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: `PARK#subscription:sub-nobody-${run}`, sk: `evt-s-${run}` }, ConsistentRead: true }));
    expect(gone.Item).toBeUndefined();
  });
});
