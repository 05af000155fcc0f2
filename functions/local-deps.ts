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
import { presetCatalog, type TermsCatalog } from '../domain/index.js';
import type { DlqName, QueueName } from '../infra/definitions.js';
import type { Clock, Deps } from './deps.js';

export interface LocalDepsInput {
  clients: { dynamodb?: DynamoDBClient; doc: DynamoDBDocumentClient; sqs: SQSClient; ses: SESv2Client };
  tableName: string;
  queueUrls: Readonly<Record<QueueName | DlqName, string>>;
  clock: Clock;
  catalog?: TermsCatalog;
  logger?: Logger;
  /** Default WARN (LOG_LEVEL is read by the runner, not here). */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  mailFrom?: string;
  outboxLeaseMs?: number;
  wallClock?: () => Date;
}

export function createLocalDeps(input: LocalDepsInput): Deps {
  const { doc, sqs, ses } = input.clients;
  const wallClock = input.wallClock ?? (() => new Date());
  return {
    clock: input.clock,
    catalog: input.catalog ?? presetCatalog,
    store: new DynamoAccountStore(doc, input.tableName, wallClock),
    queues: new SqsEventQueues(sqs, input.queueUrls),
    mailer: new SesMailer(ses, input.mailFrom ?? 'billing@looptijd.local'),
    access: new TableAccessPublisher(doc, input.tableName),
    logger: input.logger ?? new Logger({ serviceName: 'looptijd-local', logLevel: input.logLevel ?? 'WARN' }),
    tableName: input.tableName,
    queueUrls: input.queueUrls,
    clients: { doc, sqs, ses },
    ...(input.outboxLeaseMs !== undefined && { outboxLeaseMs: input.outboxLeaseMs }),
    wallClock,
  };
}
