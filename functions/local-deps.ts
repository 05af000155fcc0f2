/** The composition root of the local stack (npm start, the tests): the same adapters, a table-recording access publisher. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { TableAccessPublisher } from '../adapters/access-publisher.js';
import { DynamoAccountStore } from '../adapters/dynamo-store.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { SqsEventQueues } from '../adapters/sqs-queues.js';
import { CachedTermsCatalog, TermsStore } from '../adapters/terms-store.js';
import { DynamoDirectory } from '../adapters/directory.js';
import { DlqReasons } from '../adapters/dlq-reasons.js';
import { DynamoDueIndex } from '../adapters/due-index.js';
import { DynamoOutbox } from '../adapters/outbox-store.js';
import { DynamoEventOutcomes } from '../adapters/event-outcomes.js';
import { DynamoParking } from '../adapters/parking.js';
import { DynamoWebhookReplays } from '../adapters/webhook-replays.js';
import { DynamoWebhookStore } from '../adapters/webhook-store.js';
import { webhookTransport } from '../adapters/webhook-transport.js';
import type { WebhookPolicy } from '../app/ports.js';
import type { TermsCatalog } from '../domain/index.js';
import type { DlqName, QueueName } from '../infra/definitions.js';
import type { Clock, Deps } from './deps.js';
import type { InvoicingConfig } from '../app/ports.js';

export interface LocalDepsInput {
  clients: { dynamodb?: DynamoDBClient; doc: DynamoDBDocumentClient; sqs: SQSClient; ses: SESv2Client };
  tableName: string;
  queueUrls: Readonly<Record<QueueName | DlqName, string>>;
  clock: Clock;
  /** A fixed catalog (no stored profiles); default presets + stored profiles, reloaded at most every `termsCacheSeconds` (default 2). */
  catalog?: TermsCatalog;
  termsCacheSeconds?: number;
  logger?: Logger;
  /** Default WARN (LOG_LEVEL is read by the runner, not here). */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  mailFrom?: string;
  outboxLeaseMs?: number;
  /** How long an event waits for its parent (default 7 days of the simulated clock). */
  parkingHorizonMs?: number;
  wallClock?: () => Date;
  /** The provider's details and number series (issue 8); default series `LT-`, no provider details. */
  invoicing?: InvoicingConfig;
  /** Webhook retry schedule and limits (default app/webhooks.ts's; http://localhost endpoints are allowed locally). */
  webhookPolicy?: Partial<WebhookPolicy>;
}

export function createLocalDeps(input: LocalDepsInput): Deps {
  const { doc, sqs, ses } = input.clients;
  const wallClock = input.wallClock ?? (() => new Date());
  const terms = input.catalog ? null : new CachedTermsCatalog(new TermsStore(doc, input.tableName), { maxAgeSeconds: input.termsCacheSeconds ?? 2 });
  return {
    clock: input.clock,
    catalog: input.catalog ?? terms!,
    ...(terms && { catalogProvider: terms }),
    store: new DynamoAccountStore(doc, input.tableName, wallClock),
    queues: new SqsEventQueues(sqs, input.queueUrls),
    mailer: new SesMailer(ses, input.mailFrom ?? 'billing@looptijd.local'),
    access: new TableAccessPublisher(doc, input.tableName),
    directory: new DynamoDirectory(doc, input.tableName),
    outbox: new DynamoOutbox(doc, input.tableName, wallClock),
    deadLetters: new DlqReasons(doc, sqs, input.tableName, input.queueUrls, wallClock),
    dueIndex: new DynamoDueIndex(doc, input.tableName),
    parking: new DynamoParking(doc, input.tableName),
    outcomes: new DynamoEventOutcomes(doc, input.tableName, wallClock),
    webhookReplays: new DynamoWebhookReplays(doc, input.tableName, wallClock),
    webhooks: new DynamoWebhookStore(doc, input.tableName, 0, wallClock),
    // The local stack's receivers listen on loopback: allowed here (the policy's allowLocalHttp), never in AWS.
    webhookTransport: webhookTransport({ allowLoopback: input.webhookPolicy?.allowLocalHttp ?? true }),
    webhookPolicy: { allowLocalHttp: true, ...input.webhookPolicy },
    ...(input.parkingHorizonMs !== undefined && { parkingHorizonMs: input.parkingHorizonMs }),
    ...(input.invoicing !== undefined && { invoicing: input.invoicing }),
    logger: input.logger ?? new Logger({ serviceName: 'looptijd-local', logLevel: input.logLevel ?? 'WARN' }),
    tableName: input.tableName,
    queueUrls: input.queueUrls,
    clients: { doc, sqs, ses },
    ...(input.outboxLeaseMs !== undefined && { outboxLeaseMs: input.outboxLeaseMs }),
    wallClock,
  };
}
