/** Issue 11: in persistent mode the queued messages and dead letters survive an `npm start` restart (local/persistence.ts). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DeleteQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalClients } from '../local/clients.js';
import { restoreQueues, saveQueues } from '../local/persistence.js';
import { provisionQueues, type QueueUrls } from '../local/provision.js';
import { stackEndpoints } from './support/stack.js';

const clients = createLocalClients(stackEndpoints());
const created: QueueUrls[] = [];
afterAll(async () => {
  await Promise.allSettled(created.flatMap((urls) => Object.values(urls).map((QueueUrl) => clients.sqs.send(new DeleteQueueCommand({ QueueUrl })))));
  clients.destroy();
});

describe('a graceful stop and a start of the local stack', () => {
  it('puts every queued message and dead letter, with its reason attributes, back on the queue it was on', async () => {
    const before = await provisionQueues(clients.sqs, { prefix: `keep-${randomUUID().slice(0, 6)}`, visibilityTimeoutSeconds: 1 });
    created.push(before);
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: before['subscription-events'], MessageBody: '{"id":"a"}' }));
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: before['payment-events'], MessageBody: '{"id":"b"}' }));
    await clients.sqs.send(new SendMessageCommand({
      QueueUrl: before['subscription-events-dlq'], MessageBody: '{"id":"c"}',
      MessageAttributes: { 'looptijd.reason': { DataType: 'String', StringValue: 'event.invalid: bad' } },
    }));
    const file = join(mkdtempSync(join(tmpdir(), 'looptijd-')), 'queues.json');
    expect(await saveQueues(clients.sqs, before, file, 500)).toBe(3);

    // The next start: fresh, empty queues (the local SQS keeps nothing).
    const after = await provisionQueues(clients.sqs, { prefix: `keep-${randomUUID().slice(0, 6)}`, visibilityTimeoutSeconds: 1 });
    created.push(after);
    expect(await restoreQueues(clients.sqs, after, file)).toBe(3);
    const take = async (url: string) =>
      ((await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }))).Messages ?? []);
    expect((await take(after['subscription-events'])).map((m) => m.Body)).toEqual(['{"id":"a"}']);
    expect((await take(after['payment-events'])).map((m) => m.Body)).toEqual(['{"id":"b"}']);
    const [dead] = await take(after['subscription-events-dlq']);
    expect(dead?.MessageAttributes?.['looptijd.reason']?.StringValue).toBe('event.invalid: bad');
    // Restored once: a second start does not put them back again.
    expect(await restoreQueues(clients.sqs, after, file)).toBe(0);
  });
});
