import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  it('sends each bad message to the DLQ with a readable reason and applies the valid one', async () => {
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

    // Only the unknown subscription is retried: its creating event may still be on the way.
    expect(failed).toEqual([idOf(bodies.unknownSubscription)]);
    const valid = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: `CUST#c-v-${run}`, sk: 'ACCOUNT' } }));
    expect(valid.Item?.['version']).toBe(1);

    // The three that can never succeed are in the DLQ already, the reason in their attributes.
    const dlq = await receive(p, p.queueUrls['subscription-events-dlq']);
    expect(dlq.map((m) => m.Body).sort()).toEqual([bodies.malformed, bodies.unknownType, bodies.invalid].sort());
    for (const m of dlq) expect(m.MessageAttributes?.['looptijd.reason']?.StringValue).toMatch(/^(message\.malformed_json|event\.unknown_type|event\.invalid): /);
    await deleteExcept(p, p.queueUrls['subscription-events-dlq'], dlq, []);

    expect(await reason(idOf(bodies.malformed))).toMatchObject({ code: 'message.malformed_json', permanent: true, deadLettered: true, receiveCount: 1 });
    expect(await reason(idOf(bodies.unknownType))).toMatchObject({ code: 'event.unknown_type', message: "unknown event type 'subscription.teleported'" });
    const invalid = await reason(idOf(bodies.invalid));
    expect(invalid?.['code']).toBe('event.invalid');
    expect(invalid?.['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'data.kind' }), expect.objectContaining({ path: 'data.email' })]));

    // The unknown subscription is redelivered until maxReceiveCount (5), then SQS moves it.
    let moved: Awaited<ReturnType<typeof receive>> = [];
    for (let i = 0; i < 40 && moved.length === 0; i++) {
      await sleep(300);
      await pollOnce(p, 'subscription-events');
      moved = await receive(p, p.queueUrls['subscription-events-dlq']);
    }
    expect(moved.map((m) => m.Body)).toEqual([bodies.unknownSubscription]);
    const unknown = await reason(idOf(bodies.unknownSubscription));
    expect(unknown).toMatchObject({ code: 'subscription.unknown', permanent: false, receiveCount: 5 });
    expect(unknown?.['message']).toContain(`sub-nobody-${run}`);
    expect(unknown?.['attempts']).toHaveLength(5);
  });
});
