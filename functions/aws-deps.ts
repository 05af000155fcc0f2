/**
 * The composition root in AWS: Deps from the environment (functions/config.ts), built once per
 * container, with only the AWS clients the function uses (its `uses` in infra/functions.ts): the
 * SES and EventBridge clients load only in the outbox, Secrets Manager only where a secret is read
 * (issue 9 item 5: a function that never touches a service does not import its client).
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { EventBridgeAccessPublisher } from '../adapters/access-publisher.js';
import { DynamoAccountStore } from '../adapters/dynamo-store.js';
import { EmailSuppressions, suppressingMailer } from '../adapters/email-suppressions.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { SqsEventQueues } from '../adapters/sqs-queues.js';
import { CachedTermsCatalog, TermsStore, TERMS_CACHE_SECONDS } from '../adapters/terms-store.js';
import type { ApiSecrets } from '../api/config.js';
import { functions } from '../infra/functions.js';
import { configFromEnv } from './config.js';
import { DynamoDirectory } from '../adapters/directory.js';
import { DlqReasons } from '../adapters/dlq-reasons.js';
import { DynamoDueIndex } from '../adapters/due-index.js';
import { DynamoOutbox } from '../adapters/outbox-store.js';
import { DynamoEventOutcomes } from '../adapters/event-outcomes.js';
import { DynamoParking } from '../adapters/parking.js';
import { DynamoWebhookReplays } from '../adapters/webhook-replays.js';
import { awsTelemetry, tableClient } from './aws-telemetry.js';
import { DynamoWebhookStore } from '../adapters/webhook-store.js';
import { fetchTransport } from '../adapters/webhook-transport.js';
import type { Deps } from './deps.js';

export { awsTelemetry, builtOnFirstCall, tableClient } from './aws-telemetry.js';

/** How long an event handler instance remembers a reseller's webhook endpoints. */
const WEBHOOK_ENDPOINT_CACHE_MS = 10_000;

/**
 * The deps of the function named `service` (infra/functions.ts). A port the function was not
 * given (e-mail without `uses.email`, access changes without `uses.bus`) throws when used, naming it.
 */
export async function depsFromEnv(service: string): Promise<Deps> {
  const definition = functions.find((f) => f.name === service);
  if (definition === undefined) throw new Error(`no function ${service} in infra/functions.ts`);
  const { uses } = definition;
  const config = configFromEnv();
  const { tracer, metrics, logger } = awsTelemetry(config);
  const doc = tableClient(config, tracer);
  const sqs = tracer.captureAWSv3Client(new SQSClient({ region: config.region }));
  countDeadLetters(sqs, metrics);
  // Loaded only where used; in parallel.
  const [ses, eventBridge] = await Promise.all([
    uses.email === true ? import('@aws-sdk/client-sesv2').then((m) => tracer.captureAWSv3Client(new m.SESv2Client({ region: config.region }))) : undefined,
    uses.bus === true ? import('@aws-sdk/client-eventbridge').then((m) => tracer.captureAWSv3Client(new m.EventBridgeClient({ region: config.region }))) : undefined,
  ]);
  const terms = new CachedTermsCatalog(new TermsStore(doc, config.tableName), { maxAgeSeconds: TERMS_CACHE_SECONDS });
  const wallClock = () => new Date();
  return {
    clock: { now: () => new Date().toISOString() },
    catalog: terms,
    catalogProvider: terms,
    store: new DynamoAccountStore(doc, config.tableName),
    queues: new SqsEventQueues(sqs, config.queueUrls),
    // An address that bounced for good or complained is not mailed again (functions/email-feedback.ts marks it).
    mailer: ses === undefined ? { send: async () => notGiven(service, 'e-mail (uses.email)') } : suppressingMailer(new SesMailer(ses, config.mailFrom), new EmailSuppressions(doc, config.tableName), logger),
    access: eventBridge === undefined ? { publish: async () => notGiven(service, 'the access bus (uses.bus)') } : new EventBridgeAccessPublisher(eventBridge, config.eventBusName),
    directory: new DynamoDirectory(doc, config.tableName),
    outbox: new DynamoOutbox(doc, config.tableName, wallClock),
    deadLetters: new DlqReasons(doc, sqs, config.tableName, config.queueUrls, wallClock),
    dueIndex: new DynamoDueIndex(doc, config.tableName),
    parking: new DynamoParking(doc, config.tableName),
    outcomes: new DynamoEventOutcomes(doc, config.tableName, wallClock),
    webhookReplays: new DynamoWebhookReplays(doc, config.tableName, wallClock),
    // An endpoint registered or changed reaches the event handlers' decisions within WEBHOOK_ENDPOINT_CACHE_MS (docs/webhooks.md).
    webhooks: new DynamoWebhookStore(doc, config.tableName, WEBHOOK_ENDPOINT_CACHE_MS, wallClock),
    webhookTransport: fetchTransport,
    ...(config.parkingHorizonMs !== undefined && { parkingHorizonMs: config.parkingHorizonMs }),
    invoicing: config.invoicing,
    ...(config.mailFromName !== undefined && { providerName: config.mailFromName }),
    wallClock,
    logger,
    tableName: config.tableName,
    queueUrls: config.queueUrls,
    clients: {
      doc,
      sqs,
      get ses(): SESv2Client {
        return ses ?? notGiven(service, 'e-mail (uses.email)');
      },
    },
  };
}

function notGiven(service: string, what: string): never {
  throw new Error(`function ${service} was not given ${what} in infra/functions.ts`);
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
        single.addMetric('DlqWrites', 'Count', 1);
      }
      return result;
    },
    { step: 'initialize', name: 'looptijdCountDeadLetters' },
  );
}

let secrets: Promise<SecretsProvider> | undefined;

/**
 * The secrets this function was given, through Powertools Parameters: cached for
 * SECRET_REFRESH_SECONDS, so a rotated secret is live within that without recycling the container;
 * `forceFetch` reads Secrets Manager now (after a signature that failed with the cached value).
 */
export async function secretsFromAws(options: { forceFetch?: boolean } = {}): Promise<ApiSecrets> {
  const { region, secretArns, secretRefreshSeconds } = configFromEnv();
  // Parameters and the Secrets Manager client load on the first read, only in functions given a secret.
  const provider = () =>
    (secrets ??= Promise.all([import('@aws-lambda-powertools/parameters/secrets'), import('@aws-sdk/client-secrets-manager')])
      .then(([{ SecretsProvider }, { SecretsManagerClient }]) => new SecretsProvider({ awsSdkV3Client: awsTelemetry().tracer.captureAWSv3Client(new SecretsManagerClient({ region })) }))
      .catch((error: unknown) => {
        secrets = undefined;
        throw error;
      }));
  const read = async (arn: string | undefined) =>
    arn === undefined ? undefined : ((await (await provider()).get(arn, { maxAge: secretRefreshSeconds, forceFetch: options.forceFetch ?? false })) as string | undefined);
  const [webhookSecret, cursorSecret] = await Promise.all([read(secretArns.webhook), read(secretArns.cursor)]);
  return { webhookSecret, cursorSecret };
}
