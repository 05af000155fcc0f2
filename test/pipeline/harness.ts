/**
 * The pipeline against the run's local stack, on private queues (so other test files' messages
 * never mix in): deps from createLocalDeps, handlers from functions/, and a tiny runner that
 * receives real messages, invokes a handler with a real SQS event and deletes what succeeded.
 */
import { randomUUID } from 'node:crypto';
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { observeCalls } from '../../adapters/request-counter.js';
import type { Deps } from '../../functions/deps.js';
import { createLocalDeps } from '../../functions/local-deps.js';
import { createHandler as subscriptionEvents } from '../../functions/subscription-events.js';
import { createHandler as paymentEvents } from '../../functions/payment-events.js';
import { createHandler as cancellationEvents } from '../../functions/cancellation-events.js';
import { createHandler as outbox } from '../../functions/outbox.js';
import { DEFAULT_REGION, QUEUE_NAMES, type QueueName } from '../../infra/definitions.js';
import { createLocalClients, type LocalClients } from '../../local/clients.js';
import { provisionQueues, type QueueUrls } from '../../local/provision.js';
import { stack, stackEndpoints } from '../support/stack.js';

type Batch = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export const CONTEXT = { functionName: 'pipeline-test', awsRequestId: 'test', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:pipeline-test', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

/** Private queues with the production redrive (maxReceiveCount 5) and a 1 s visibility timeout. */
export function privateQueues(clients: LocalClients, prefix = `pl-${randomUUID().slice(0, 8)}`): Promise<QueueUrls> {
  return provisionQueues(clients.sqs, { prefix, visibilityTimeoutSeconds: 1 });
}

export class SettableClock {
  constructor(public current: string) {}
  now(): string {
    return this.current;
  }
}

export interface Pipeline {
  clients: LocalClients;
  deps: Deps;
  clock: SettableClock;
  queueUrls: QueueUrls;
  handlers: Record<QueueName, Batch>;
}

export async function pipeline(options: { now?: string; queueUrls?: QueueUrls; outboxLeaseMs?: number } = {}): Promise<Pipeline> {
  const clients = createLocalClients(stackEndpoints());
  const queueUrls = options.queueUrls ?? (await privateQueues(clients));
  const clock = new SettableClock(options.now ?? '2026-03-02T09:00:00.000Z');
  const deps = createLocalDeps({ clients, tableName: stack().tableName, queueUrls, clock, outboxLeaseMs: options.outboxLeaseMs ?? 1_000, logLevel: 'SILENT' });
  return { clients, deps, clock, queueUrls, handlers: handlersFor(deps) };
}

export function handlersFor(deps: Deps): Record<QueueName, Batch> {
  return {
    'subscription-events': subscriptionEvents(deps),
    'payment-events': paymentEvents(deps),
    'cancellation-events': cancellationEvents(deps),
    outbox: outbox(deps),
  };
}

/**
 * Deps on fresh clients that die after their N-th AWS call: that call's answer is lost and
 * every later call fails, like a Lambda killed right after it. `calls()` tells how far it got.
 */
export function crashingDeps(base: Pipeline, crashAfter: number): { deps: Deps; clients: LocalClients; calls: () => string[] } {
  const clients = createLocalClients(stackEndpoints());
  const seen: string[] = [];
  for (const [service, client] of [['dynamodb', clients.dynamodb], ['sqs', clients.sqs], ['ses', clients.ses]] as const) {
    observeCalls(client, 'crashInjector', {
      before: (command) => {
        if (seen.length >= crashAfter) throw new Error(`injected crash: no call after #${crashAfter} (${service}.${command})`);
      },
      after: (command) => {
        seen.push(`${service}.${command}`);
        if (seen.length === crashAfter) throw new Error(`injected crash after call #${crashAfter} (${service}.${command})`);
      },
    });
  }
  const deps = createLocalDeps({ clients, tableName: base.deps.tableName, queueUrls: base.queueUrls, clock: base.clock, outboxLeaseMs: base.deps.outboxLeaseMs ?? 1_000, logLevel: 'SILENT' });
  return { deps, clients, calls: () => [...seen] };
}

export function toRecord(message: Message, queueUrl: string): SQSRecord {
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${DEFAULT_REGION}:000000000000:${queueUrl.split('/').pop()}`,
    awsRegion: DEFAULT_REGION,
  };
}

export async function receive(p: Pick<Pipeline, 'clients'>, queueUrl: string, max = 10): Promise<Message[]> {
  const out = await p.clients.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: 0, AttributeNames: ['All'], MessageAttributeNames: ['All'] }),
  );
  return out.Messages ?? [];
}

/** One poll of a queue handled by `handler`, deleting what succeeded (the event source mapping's job). */
export async function pollOnce(p: Pipeline, queue: QueueName, handler: Batch = p.handlers[queue]): Promise<{ received: number; failed: string[] }> {
  const messages = await receive(p, p.queueUrls[queue]);
  if (messages.length === 0) return { received: 0, failed: [] };
  const response = await handler({ Records: messages.map((m) => toRecord(m, p.queueUrls[queue])) }, CONTEXT);
  const failed = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
  await deleteExcept(p, p.queueUrls[queue], messages, failed);
  return { received: messages.length, failed };
}

export async function deleteExcept(p: Pick<Pipeline, 'clients'>, queueUrl: string, messages: Message[], failed: readonly string[]): Promise<void> {
  const done = messages.filter((m) => !failed.includes(m.MessageId!));
  if (done.length > 0) {
    await p.clients.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
}

/** Polls every work queue until none has a visible message (failed ones come back after the visibility timeout). */
export async function drain(p: Pipeline, options: { waitForRetriesMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.waitForRetriesMs ?? 0);
  for (;;) {
    let received = 0;
    for (const queue of QUEUE_NAMES) received += (await pollOnce(p, queue)).received;
    if (received > 0) continue;
    if (Date.now() >= deadline || (await inFlight(p)) === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function inFlight(p: Pipeline): Promise<number> {
  let n = 0;
  for (const queue of QUEUE_NAMES) {
    const { Attributes } = await p.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: p.queueUrls[queue], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    n += Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
  return n;
}

export async function sendRaw(p: Pipeline, queue: QueueName, body: string): Promise<void> {
  await p.clients.sqs.send(new SendMessageCommand({ QueueUrl: p.queueUrls[queue], MessageBody: body }));
}

export async function sendEvent(p: Pipeline, queue: QueueName, event: { id: string; type: string; occurredAt: string; data: unknown }): Promise<void> {
  await sendRaw(p, queue, JSON.stringify(event));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
