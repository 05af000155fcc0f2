/**
 * What the composition roots hand the handlers: the ports of app/ports.ts (all that app/ and
 * api/ see) plus the handles a root itself builds more adapters from (the partner API's read
 * model and API keys, the tests' direct reads). Built once: from the environment in AWS
 * (`aws-deps.ts`), from the local stack in `npm start` and the tests (`local-deps.ts`).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Deps as AppDeps } from '../app/ports.js';
import type { DlqName, QueueName } from '../infra/definitions.js';

export type {
  AccessPublisher, AccountStore, Clock, EventQueues, Mailer, StoredAccount, TermsCatalogProvider,
} from '../app/ports.js';
export type { AuditEvent } from '../domain/index.js';

export interface Deps extends AppDeps {
  readonly tableName: string;
  readonly queueUrls: Readonly<Record<QueueName | DlqName, string>>;
  readonly clients: { readonly doc: DynamoDBDocumentClient; readonly sqs: SQSClient; readonly ses: SESv2Client };
}
