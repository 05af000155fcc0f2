/** The one module that reads process.env (STYLE 9), zod-parsed: a bad deployment fails loudly at start. */
import { z } from 'zod';
import { DEFAULT_REGION, ENV, QUEUE_NAMES, dlqName, type DlqName, type QueueName } from '../infra/definitions.js';

export interface Config {
  readonly region: string;
  readonly tableName: string;
  readonly eventBusName: string;
  readonly mailFrom: string;
  readonly logLevel: string;
  readonly queueUrls: Readonly<Record<QueueName | DlqName, string>>;
}

const schema = z.object({
  AWS_REGION: z.string().min(1).default(DEFAULT_REGION),
  [ENV.tableName]: z.string().min(1),
  [ENV.eventBusName]: z.string().min(1).default('looptijd-access'),
  MAIL_FROM: z.email().default('billing@looptijd.example'),
  POWERTOOLS_LOG_LEVEL: z.string().default('INFO'),
  ...Object.fromEntries(QUEUE_NAMES.map((q) => [ENV.queueUrl(q), z.url()])),
  ...Object.fromEntries(QUEUE_NAMES.map((q) => [ENV.queueUrl(q) + '_DLQ', z.url().optional()])),
});

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data as Record<string, string | undefined>;
  const queueUrls = {} as Record<QueueName | DlqName, string>;
  for (const q of QUEUE_NAMES) {
    const url = e[ENV.queueUrl(q)]!;
    queueUrls[q] = url;
    // The stack names each DLQ `<queue>-dlq` next to its queue.
    queueUrls[dlqName(q)] = e[ENV.queueUrl(q) + '_DLQ'] ?? url.replace(/[^/]+$/, dlqName(q));
  }
  return { region: e['AWS_REGION']!, tableName: e[ENV.tableName]!, eventBusName: e[ENV.eventBusName]!, mailFrom: e['MAIL_FROM']!, logLevel: e['POWERTOOLS_LOG_LEVEL']!, queueUrls };
}
