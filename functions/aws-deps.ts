/** The composition root in AWS: Deps from the environment (functions/config.ts), built once per container. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { EventBridgeAccessPublisher } from '../adapters/access-publisher.js';
import { DynamoAccountStore } from '../adapters/dynamo-store.js';
import { EmailSuppressions, suppressingMailer } from '../adapters/email-suppressions.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { SqsEventQueues } from '../adapters/sqs-queues.js';
import { CachedTermsCatalog, TermsStore, TERMS_CACHE_SECONDS } from '../adapters/terms-store.js';
import type { ApiSecrets } from '../api/config.js';
import { configFromEnv, type Config } from './config.js';
import { DynamoDirectory } from '../adapters/directory.js';
import { DlqReasons } from '../adapters/dlq-reasons.js';
import { DynamoDueIndex } from '../adapters/due-index.js';
import { DynamoOutbox } from '../adapters/outbox-store.js';
import { DynamoEventOutcomes } from '../adapters/event-outcomes.js';
import { DynamoParking } from '../adapters/parking.js';
import { DynamoWebhookReplays } from '../adapters/webhook-replays.js';
import type { Deps } from './deps.js';
import type { Telemetry } from './observability.js';

let telemetry: (Telemetry & { logger: Logger; tracer: Tracer }) | undefined;

/**
 * The container's Logger, Metrics (namespace, service and stage from the environment the stack sets)
 * and Tracer, made once. Tracer and Metrics come from the Powertools layer, not the bundle.
 */
export function awsTelemetry(config: Config = configFromEnv()): Telemetry & { logger: Logger; tracer: Tracer } {
  if (telemetry !== undefined) return telemetry;
  const logger = new Logger({ logLevel: config.logLevel as 'INFO' });
  const metrics = new Metrics({ defaultDimensions: { stage: config.stage } });
  const tracer = new Tracer();
  telemetry = {
    logger,
    metrics,
    tracer,
    middlewares: [captureLambdaHandler(tracer, { captureResponse: false }), logMetrics(metrics, { captureColdStartMetric: true })],
  };
  return telemetry;
}

/** The traced document client of the table, as every function uses it. */
export function tableClient(config: Config, tracer: Tracer): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({ region: config.region })), { marshallOptions: { removeUndefinedValues: true } });
}

export function depsFromEnv(): Deps {
  const config = configFromEnv();
  const { tracer, metrics, logger } = awsTelemetry(config);
  const doc = tableClient(config, tracer);
  const sqs = tracer.captureAWSv3Client(new SQSClient({ region: config.region }));
  countDeadLetters(sqs, metrics);
  const ses = tracer.captureAWSv3Client(new SESv2Client({ region: config.region }));
  const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({ region: config.region }));
  const terms = new CachedTermsCatalog(new TermsStore(doc, config.tableName), { maxAgeSeconds: TERMS_CACHE_SECONDS });
  const from = config.mailFromName === undefined ? config.mailFrom : `"${config.mailFromName}" <${config.mailFrom}>`;
  const wallClock = () => new Date();
  return {
    clock: { now: () => new Date().toISOString() },
    catalog: terms,
    catalogProvider: terms,
    store: new DynamoAccountStore(doc, config.tableName),
    queues: new SqsEventQueues(sqs, config.queueUrls),
    // An address that bounced for good or complained is not mailed again (functions/email-feedback.ts marks it).
    mailer: suppressingMailer(new SesMailer(ses, from), new EmailSuppressions(doc, config.tableName), logger),
    access: new EventBridgeAccessPublisher(eventBridge, config.eventBusName),
    directory: new DynamoDirectory(doc, config.tableName),
    outbox: new DynamoOutbox(doc, config.tableName, wallClock),
    deadLetters: new DlqReasons(doc, sqs, config.tableName, config.queueUrls, wallClock),
    dueIndex: new DynamoDueIndex(doc, config.tableName),
    parking: new DynamoParking(doc, config.tableName),
    outcomes: new DynamoEventOutcomes(doc, config.tableName, wallClock),
    webhookReplays: new DynamoWebhookReplays(doc, config.tableName, wallClock),
    ...(config.parkingHorizonMs !== undefined && { parkingHorizonMs: config.parkingHorizonMs }),
    invoicing: config.invoicing,
    wallClock,
    logger,
    tableName: config.tableName,
    queueUrls: config.queueUrls,
    clients: { doc, sqs, ses },
  };
}

/** DlqWrites by queue: every SendMessage a handler makes to a dead-letter queue (app/queue-consumer.ts). */
function countDeadLetters(sqs: SQSClient, metrics: Metrics): void {
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const url = (args.input as { QueueUrl?: unknown }).QueueUrl;
      const result = await next(args);
      if (context.commandName === 'SendMessageCommand' && typeof url === 'string' && url.endsWith('-dlq')) {
        const single = metrics.singleMetric();
        single.addDimension('queue', url.slice(url.lastIndexOf('/') + 1));
        single.addMetric('DlqWrites', MetricUnit.Count, 1);
      }
      return result;
    },
    { step: 'initialize', name: 'looptijdCountDeadLetters' },
  );
}

let secrets: SecretsProvider | undefined;

/**
 * The secrets this function was given, through Powertools Parameters: cached for
 * SECRET_REFRESH_SECONDS, so a rotated secret is live within that without recycling the container;
 * `forceFetch` reads Secrets Manager now (after a signature that failed with the cached value).
 */
export async function secretsFromAws(options: { forceFetch?: boolean } = {}): Promise<ApiSecrets> {
  const { region, secretArns, secretRefreshSeconds } = configFromEnv();
  secrets ??= new SecretsProvider({ awsSdkV3Client: awsTelemetry().tracer.captureAWSv3Client(new SecretsManagerClient({ region })) });
  const provider = secrets;
  const read = async (arn: string | undefined) =>
    arn === undefined ? undefined : ((await provider.get(arn, { maxAge: secretRefreshSeconds, forceFetch: options.forceFetch ?? false })) as string | undefined);
  const [webhookSecret, cursorSecret] = await Promise.all([read(secretArns.webhook), read(secretArns.cursor)]);
  return { webhookSecret, cursorSecret };
}

/** The same, under the name the HTTP functions import. */
export const createAwsDeps = depsFromEnv;
