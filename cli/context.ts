/**
 * What the CLI talks to: the local stack by default (DynamoDB 8000, SQS 9324, SES 8005, HTTP API
 * 3000), each overridable by the same variables `npm start` reads, or an SDK endpoint variable.
 */
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { DEFAULT_PORTS } from '../local/stack.js';
import { createLocalClients, type LocalClients } from '../local/clients.js';
import { dlqName, ENV, QUEUE_NAMES, TABLE, type DlqName, type QueueName } from '../infra/definitions.js';

export interface CliContext {
  readonly clients: LocalClients;
  readonly tableName: string;
  readonly apiUrl: string;
  queueUrl(name: QueueName | DlqName): Promise<string>;
  /** The simulated clock of the running stack, or the real time when it does not answer. */
  now(): Promise<string>;
  close(): void;
}

export function contextFromEnv(env: NodeJS.ProcessEnv = process.env): CliContext {
  const host = env.LOCAL_HOST || '127.0.0.1';
  const endpoint = (service: string, portVar: string, port: number) => env[`AWS_ENDPOINT_URL_${service}`] || `http://${host}:${env[portVar] || port}`;
  const clients = createLocalClients({
    dynamodb: endpoint('DYNAMODB', 'DYNAMODB_PORT', DEFAULT_PORTS.dynamodb),
    sqs: endpoint('SQS', 'SQS_PORT', DEFAULT_PORTS.sqs),
    ses: endpoint('SESV2', 'SES_PORT', DEFAULT_PORTS.ses),
  });
  const apiUrl = env.LOOPTIJD_API_URL || `http://localhost:${env.API_PORT || 3000}`;
  const cache = new Map<string, Promise<string>>();
  return {
    clients,
    tableName: env[ENV.tableName] || TABLE.name,
    apiUrl,
    queueUrl(name) {
      let url = cache.get(name);
      if (!url) {
        const base = (QUEUE_NAMES as readonly string[]).includes(name) ? (name as QueueName) : (name.replace(/-dlq$/, '') as QueueName);
        const fromEnv = name === base ? env[ENV.queueUrl(base)] : env[`${ENV.queueUrl(base)}_DLQ`] ?? env[ENV.queueUrl(base)]?.replace(/[^/]+$/, dlqName(base));
        url = fromEnv
          ? Promise.resolve(fromEnv)
          : clients.sqs.send(new GetQueueUrlCommand({ QueueName: name })).then((r) => {
              if (!r.QueueUrl) throw new Error(`queue ${name} not found`);
              return r.QueueUrl;
            });
        cache.set(name, url);
      }
      return url;
    },
    async now() {
      try {
        const r = await fetch(new URL('/dev/clock', apiUrl), { signal: AbortSignal.timeout(1500) });
        if (r.ok) return ((await r.json()) as { now: string }).now;
      } catch {
        // no running stack: the real time
      }
      return new Date().toISOString();
    },
    close: () => clients.destroy(),
  };
}
