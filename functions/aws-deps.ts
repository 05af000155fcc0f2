/**
 * The composition root in AWS: Deps from the environment (functions/config.ts), built once per
 * container, with only the AWS clients the function uses (its `uses` in infra/functions.ts): the
 * SES and EventBridge clients load only in the outbox, Secrets Manager only where a secret is read
 * (issue 9 item 5: a function that never touches a service does not import its client).
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { CachedTermsCatalog, TermsStore, TERMS_CACHE_SECONDS } from '../adapters/terms-store.js';
import type { ApiSecrets } from '../api/config.js';
import { functions } from '../infra/functions.js';
import { configFromEnv } from './config.js';
import { awsTelemetry, tableClient } from './aws-telemetry.js';
import type { Deps } from './deps.js';

export { awsTelemetry, builtOnFirstCall, tableClient } from './aws-telemetry.js';

/** What a function's adapters are built from: the clients it was given, the table and the queues. */
export interface AdapterBase {
  readonly service: string;
  readonly doc: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly ses: SESv2Client | undefined;
  readonly eventBridge: EventBridgeClient | undefined;
  readonly tableName: string;
  readonly queueUrls: Deps['queueUrls'];
  readonly eventBusName: string;
  readonly mailFrom: string;
  readonly wallClock: () => Date;
  readonly logger: Deps['logger'];
}

/** The ports a function builds (functions/adapters.ts): only these adapters' code is in its bundle. */
export type AdapterBuilder = (base: AdapterBase) => Partial<Pick<Deps, PortName>>;

const PORTS = ['store', 'queues', 'mailer', 'access', 'directory', 'outbox', 'deadLetters', 'dueIndex', 'parking', 'outcomes', 'webhookReplays', 'webhooks', 'webhookTransport'] as const;
type PortName = (typeof PORTS)[number];

/**
 * The deps of the function named `service` (infra/functions.ts), with the ports `adapters` builds:
 * a function imports only the adapters it uses, so the others stay out of its bundle (issue 9
 * item 5). A port it was not given, and a client its `uses` do not grant (e-mail without
 * `uses.email`, the bus without `uses.bus`), throws when used, naming it.
 */
export async function depsFromEnv(service: string, adapters: AdapterBuilder): Promise<Deps> {
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
  const built = adapters({ service, doc, sqs, ses, eventBridge, tableName: config.tableName, queueUrls: config.queueUrls, eventBusName: config.eventBusName, mailFrom: config.mailFrom, wallClock, logger });
  const ports = Object.fromEntries(PORTS.map((port) => [port, built[port] ?? notGivenPort(service, port)])) as Pick<Deps, PortName>;
  return {
    clock: { now: () => new Date().toISOString() },
    catalog: terms,
    catalogProvider: terms,
    ...ports,
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

/** A port the function's adapters did not build: any use throws, naming the function and the port. */
function notGivenPort<T extends object>(service: string, port: string): T {
  return new Proxy({} as T, {
    get: (_target, prop) => (prop === 'then' || typeof prop === 'symbol' ? undefined : () => notGiven(service, `the ${port} port (its adapters in functions/${service}.ts)`)),
  });
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
