/**
 * The whole local pipeline for end-to-end tests: the run's stand-ins (test/global-setup.ts),
 * a table and queues of its own (so a test sees only its own messages, due items and DLQ), the
 * real handlers hosted by the runner, a frozen simulated clock and the HTTP server on a free
 * port. Tests drive it as a user would: send events onto the queues, POST /dev/clock, then read
 * DynamoDB, the local SES capture and the recorded access events.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { QUEUE_OF, type Account, type IncomingEvent } from '../../domain/index.js';
import type { Deps } from '../../functions/deps.js';
import type { WebhookPolicy } from '../../app/ports.js';
import { createLocalDeps } from '../../functions/local-deps.js';
import { type DlqName, QUEUES, type QueueName, TABLE } from '../../infra/definitions.js';
import { createLocalClients, type LocalClients } from '../../local/clients.js';
import { createSimulatedClock, type SimulatedClock } from '../../local/clock.js';
import { decodeAccount } from '../../adapters/account-codec.js';
import { type LocalHttpServer, startHttpServer } from '../../local/http.js';
import { provisionQueues, provisionTable, type QueueUrls } from '../../local/provision.js';
import type { HttpRoute } from '../../local/routes.js';
import { createRunner, createFunctions, type Runner, type RunnerLog } from '../../local/runner.js';
import { capturedEmails, type CapturedEmail, stackEndpoints } from './stack.js';

export interface PipelineOptions {
  /** Where the frozen clock starts (ISO instant). */
  start: string;
  /** Of the pipeline's own queues. Default 1 s, so a failing message reaches its DLQ in seconds. */
  visibilityTimeoutSeconds?: number;
  /** Default: the queues' definition (5). */
  maxReceiveCount?: number;
  /** Pollers per queue. Default 2. */
  concurrency?: number;
  batchSize?: number;
  routes?: readonly HttpRoute[];
  /** Prints what the runner logs (default: only errors). */
  verbose?: boolean;
  /** Webhook retry schedule and limits (default the production ones, http://localhost allowed). */
  webhookPolicy?: Partial<WebhookPolicy>;
}

export interface Pipeline {
  readonly url: string;
  readonly clock: SimulatedClock;
  readonly runner: Runner;
  readonly deps: Deps;
  readonly clients: LocalClients;
  readonly tableName: string;
  readonly queueUrls: QueueUrls;
  /** Puts events on their queue (by type, as docs/events.md says); answers the SQS message ids. */
  send(...events: ReadonlyArray<IncomingEvent | (Record<string, unknown> & { type: string })>): Promise<string[]>;
  /** Puts raw bodies on one queue in a single SendMessageBatch (so they can arrive in one batch). */
  sendRaw(queue: QueueName, bodies: readonly string[]): Promise<string[]>;
  /** POST /dev/clock. */
  setClock(now: string): Promise<{ now: string; processed: number }>;
  /** POST /dev/drain. */
  drain(): Promise<{ processed: number }>;
  account(customerId: string): Promise<{ state: Account; version: number } | null>;
  /** The account with its archived records merged back (domain/archive.ts): the whole ledger, as a test reads it. */
  ledger(customerId: string): Promise<{ state: Account; version: number } | null>;
  item(pk: string, sk: string): Promise<Record<string, unknown> | undefined>;
  query(pk: string, skPrefix: string): Promise<Record<string, unknown>[]>;
  /** GET /dev/access?subscriptionId=… */
  access(subscriptionId?: string): Promise<Array<Record<string, unknown>>>;
  /** E-mails the local SES captured for one address (addresses are unique per test). */
  emailsTo(address: string): Promise<CapturedEmail[]>;
  /** Messages now in a dead-letter queue (received and left there). */
  dlq(queue: QueueName): Promise<Message[]>;
  queueDepth(name: QueueName | DlqName): Promise<number>;
  stop(): Promise<void>;
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const endpoints = stackEndpoints();
  const clients = createLocalClients(endpoints);
  const run = randomUUID().slice(0, 8);
  const tableName = `looptijd-e2e-${run}`;
  const visibility = options.visibilityTimeoutSeconds ?? 1;

  await provisionTable(clients.dynamodb, { ...TABLE, name: tableName });
  const queueUrls = await provisionQueues(clients.sqs, { prefix: `e2e${run}`, visibilityTimeoutSeconds: visibility, maxReceiveCount: options.maxReceiveCount });
  const clock = createSimulatedClock({ start: options.start, mode: 'frozen' });
  const deps = createLocalDeps({ clients, tableName, queueUrls, clock, logLevel: options.verbose === true ? 'INFO' : 'SILENT', ...(options.webhookPolicy && { webhookPolicy: options.webhookPolicy }) });
  const functions = createFunctions(deps);
  const log: RunnerLog = (level, message, data) => {
    if (options.verbose === true || level === 'error') console.error(`[runner ${run}] ${level} ${message}`, data ?? '');
  };
  const runner = createRunner({
    sqs: clients.sqs,
    queueUrls,
    handlers: functions.handlers,
    sweep: functions.sweep,
    clock,
    sweepIntervalMs: null,
    concurrency: options.concurrency ?? 2,
    batchSize: options.batchSize ?? 10,
    functionTimeoutMs: Math.max(visibility * 1000, 10_000),
    log,
  });
  await runner.start();
  let http: LocalHttpServer;
  try {
    http = await startHttpServer({ port: 0, deps, clock, runner, drainTimeoutMs: 90_000, ...(options.routes ? { routes: options.routes } : {}), log: (m) => console.error(`[http ${run}] ${m}`) });
  } catch (error) {
    await runner.stop();
    throw error;
  }

  const post = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, http.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  };

  const sendRaw = async (queue: QueueName, bodies: readonly string[]): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < bodies.length; i += 10) {
      const chunk = bodies.slice(i, i + 10);
      const out = await clients.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrls[queue], Entries: chunk.map((MessageBody, n) => ({ Id: String(n), MessageBody })) }),
      );
      if ((out.Failed ?? []).length > 0) throw new Error(`SQS refused ${JSON.stringify(out.Failed)}`);
      ids.push(...(out.Successful ?? []).sort((a, b) => Number(a.Id) - Number(b.Id)).map((s) => s.MessageId!));
    }
    return ids;
  };

  const pipeline: Pipeline = {
    url: http.url,
    clock,
    runner,
    deps,
    clients,
    tableName,
    queueUrls,
    async send(...events) {
      const ids: string[] = [];
      for (const event of events) {
        const queue = QUEUE_OF[event.type as IncomingEvent['type']] ?? 'subscription-events';
        const out = await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrls[queue], MessageBody: JSON.stringify(event) }));
        ids.push(out.MessageId!);
      }
      return ids;
    },
    sendRaw,
    setClock: (now) => post('/dev/clock', { now }),
    drain: () => post('/dev/drain'),
    async account(customerId) {
      const item = await pipeline.item(`CUST#${customerId}`, 'ACCOUNT');
      if (item === undefined) return null;
      return { state: decodeAccount(customerId, item as { state: string | Uint8Array; schemaVersion?: number }), version: item.version as number };
    },
    async ledger(customerId) {
      const stored = await pipeline.account(customerId);
      if (stored === null) return null;
      const children = await queryAll(clients, tableName, customerId);
      const records = (prefix: string) => children.filter((i) => String(i['customerSk']).startsWith(prefix) && typeof i['record'] === 'string').map((i) => JSON.parse(i['record'] as string) as Record<string, unknown>);
      const invoices = { ...Object.fromEntries(records('INV#').map(({ paidBy: _p, ...inv }) => [inv['id'], inv])), ...stored.state.invoices } as Account['invoices'];
      const subscriptions = { ...Object.fromEntries(records('SUB#').map((sub) => [sub['id'], sub])), ...stored.state.subscriptions } as Account['subscriptions'];
      return { state: { ...stored.state, invoices, subscriptions }, version: stored.version };
    },
    async item(pk, sk) {
      const out = await clients.doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }));
      return out.Item;
    },
    async query(pk, skPrefix) {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await clients.doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
            ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix },
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start !== undefined);
      return items;
    },
    async access(subscriptionId) {
      const url = new URL('/dev/access', http.url);
      if (subscriptionId !== undefined) url.searchParams.set('subscriptionId', subscriptionId);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
      return ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
    },
    async emailsTo(address) {
      const all = await capturedEmails();
      return all.filter((e) => e.destination.to.includes(address)).sort((a, b) => a.at - b.at);
    },
    async dlq(queue) {
      const url = queueUrls[QUEUES[queue].dlqName];
      const seen = new Map<string, Message>();
      // A short visibility so the messages stay for whoever looks next.
      for (let i = 0; i < 5; i++) {
        const out = await clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 0, AttributeNames: ['All'], MessageAttributeNames: ['All'] }),
        );
        const messages = out.Messages ?? [];
        for (const m of messages) seen.set(m.MessageId!, m);
        if (messages.length === 0) break;
        if (seen.size >= (await pipeline.queueDepth(QUEUES[queue].dlqName))) break;
      }
      return [...seen.values()];
    },
    async queueDepth(name) {
      const { Attributes = {} } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrls[name], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return Number(Attributes.ApproximateNumberOfMessages ?? 0);
    },
    async stop() {
      await http.close();
      await runner.stop();
      await Promise.allSettled([
        clients.dynamodb.send(new DeleteTableCommand({ TableName: tableName })),
        ...Object.values(queueUrls).map((QueueUrl) => clients.sqs.send(new DeleteQueueCommand({ QueueUrl }))),
      ]);
      clients.destroy();
    },
  };
  return pipeline;
}

/** Every item of a customer on the `byCustomer` index (its subscriptions and archived invoices). */
async function queryAll(clients: LocalClients, tableName: string, customerId: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await clients.doc.send(new QueryCommand({
      TableName: tableName, IndexName: TABLE.indexes.byCustomer.name, KeyConditionExpression: 'customerPk = :pk',
      ExpressionAttributeValues: { ':pk': `CUST#${customerId}` }, ExclusiveStartKey: start,
    }));
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}
