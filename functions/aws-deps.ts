/** The composition root in AWS: Deps from the environment (functions/config.ts), built once per container. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { EventBridgeAccessPublisher } from '../adapters/access-publisher.js';
import { DynamoAccountStore } from '../adapters/dynamo-store.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { SqsEventQueues } from '../adapters/sqs-queues.js';
import { CachedTermsCatalog, TermsStore, TERMS_CACHE_SECONDS } from '../adapters/terms-store.js';
import { apiConfigFromEnv, type ApiConfig } from '../api/config.js';
import { configFromEnv } from './config.js';
import type { Deps } from './deps.js';

export function depsFromEnv(): Deps {
  const config = configFromEnv();
  const dynamodb = new DynamoDBClient({ region: config.region });
  const doc = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const sqs = new SQSClient({ region: config.region });
  const ses = new SESv2Client({ region: config.region });
  const eventBridge = new EventBridgeClient({ region: config.region });
  const terms = new CachedTermsCatalog(new TermsStore(doc, config.tableName), { maxAgeSeconds: TERMS_CACHE_SECONDS });
  return {
    clock: { now: () => new Date().toISOString() },
    catalog: terms,
    catalogProvider: terms,
    store: new DynamoAccountStore(doc, config.tableName),
    queues: new SqsEventQueues(sqs, config.queueUrls),
    mailer: new SesMailer(ses, config.mailFrom),
    access: new EventBridgeAccessPublisher(eventBridge, config.eventBusName),
    logger: new Logger({ serviceName: 'looptijd', logLevel: config.logLevel as 'INFO' }),
    tableName: config.tableName,
    queueUrls: config.queueUrls,
    clients: { doc, sqs, ses },
  };
}

/** The API's configuration with the secrets this function was given, fetched once per container: the template holds only their ARNs. */
export async function apiConfigFromAws(): Promise<ApiConfig> {
  const { region, secretArns } = configFromEnv();
  const client = new SecretsManagerClient({ region });
  const value = async (arn: string | undefined) => (arn === undefined ? undefined : (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString);
  const [webhookSecret, cursorSecret] = await Promise.all([value(secretArns.webhook), value(secretArns.cursor)]);
  return apiConfigFromEnv({ webhookSecret, cursorSecret });
}

/** The same, under the name the HTTP functions import. */
export const createAwsDeps = depsFromEnv;
