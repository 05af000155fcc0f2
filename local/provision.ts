import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  createTableInput,
  DEFAULT_REGION,
  dlqAttributes,
  type DlqName,
  type QueueDefinition,
  QUEUE_NAMES,
  QUEUES,
  type QueueName,
  queueAttributes,
  TABLE,
  type TableDefinition,
} from '../infra/definitions.js';
import { LOCAL_CREDENTIALS } from './clients.js';
import type { LocalEndpoints } from './stack.js';

/** URL of every work queue and dead-letter queue, by name. */
export type QueueUrls = Record<QueueName | DlqName, string>;

export interface Provisioned {
  tableName: string;
  queueUrls: QueueUrls;
}

export interface ProvisionOptions {
  /** Overrides the queues' visibility timeout (AWS: 30 s) so retries come sooner locally. */
  visibilityTimeoutSeconds?: number;
  table?: TableDefinition;
}

/** Visibility timeout the local runner and the tests use. */
export const LOCAL_VISIBILITY_TIMEOUT_SECONDS = 5;

/**
 * Creates the table (with TTL) and every queue with its DLQ and RedrivePolicy, as the CDK stack
 * does. Idempotent: existing resources are kept and their queue attributes brought up to date.
 */
export async function provision(endpoints: LocalEndpoints, options: ProvisionOptions = {}): Promise<Provisioned> {
  const common = { region: DEFAULT_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamodb = new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb });
  const sqs = new SQSClient({ ...common, endpoint: endpoints.sqs });
  try {
    const table = options.table ?? TABLE;
    const [, queueUrls] = await Promise.all([
      provisionTable(dynamodb, table),
      provisionQueues(sqs, { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }),
    ]);
    return { tableName: table.name, queueUrls };
  } finally {
    dynamodb.destroy();
    sqs.destroy();
  }
}

/** The table, waited for until ACTIVE, with TTL on; an existing table is kept. */
export async function provisionTable(client: DynamoDBClient, table: TableDefinition): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(table)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.name }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: table.name }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table.name,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
}

export interface QueueProvisionOptions {
  /** Overrides the queues' visibility timeout. */
  visibilityTimeoutSeconds?: number | undefined;
  /** Names every queue `<prefix>-<name>` (private queues, e.g. for one test). */
  prefix?: string | undefined;
  /** Overrides the queues' maxReceiveCount. */
  maxReceiveCount?: number | undefined;
}

/** Every work queue with its DLQ. */
export async function provisionQueues(client: SQSClient, options: QueueProvisionOptions = {}): Promise<QueueUrls> {
  const named = (name: string) => (options.prefix === undefined ? name : `${options.prefix}-${name}`);
  const entries = await Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const queue = options.maxReceiveCount === undefined ? QUEUES[name] : { ...QUEUES[name], maxReceiveCount: options.maxReceiveCount };
      const { url, dlqUrl } = await ensureQueueWithDlq(client, queue, {
        name: named(name),
        dlqName: named(queue.dlqName),
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      });
      return [
        [name, url],
        [queue.dlqName, dlqUrl],
      ] as const;
    }),
  );
  return Object.fromEntries(entries.flat()) as QueueUrls;
}

/**
 * A work queue and its dead-letter queue, the RedrivePolicy pointing at the DLQ, as the CDK stack
 * creates them. Names default to the definition's.
 */
export async function ensureQueueWithDlq(
  client: SQSClient,
  queue: QueueDefinition,
  options: { name?: string; dlqName?: string; visibilityTimeoutSeconds?: number | undefined } = {},
): Promise<{ url: string; dlqUrl: string }> {
  const dlqName = options.dlqName ?? queue.dlqName;
  const dlqUrl = await ensureQueue(client, dlqName, dlqAttributes(queue));
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const dlqArn = Attributes?.QueueArn;
  if (dlqArn === undefined) throw new Error(`SQS returned no QueueArn for ${dlqName}`);
  const url = await ensureQueue(client, options.name ?? queue.name, queueAttributes(queue, dlqArn, { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }));
  return { url, dlqUrl };
}

/** CreateQueue, or, when the queue exists with other attributes, update them. */
async function ensureQueue(client: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  try {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    if (QueueUrl === undefined) throw new Error(`SQS returned no QueueUrl for ${name}`);
    return QueueUrl;
  } catch (error) {
    if (!(error instanceof QueueNameExists)) throw error;
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }));
    if (QueueUrl === undefined) throw new Error(`SQS returned no QueueUrl for ${name}`);
    await client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl;
  }
}
