import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

// The single source of resource names and shapes. The CDK stack (infra/stack.ts) and the local
// stack (local/provision.ts) both build from these objects, so they cannot drift apart.

/** AWS region used by the local stack and as the deployment default. */
export const DEFAULT_REGION = 'eu-west-1';

/** A key attribute of the table or of an index. DynamoDB types: S string, N number, B binary. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

/** A global secondary index: its keys and what it projects. */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

/** The one table of record: subscriptions, customers, audit events, outbox items, markers. */
export interface TableDefinition {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly billingMode: 'PAY_PER_REQUEST';
  /** Epoch seconds; DynamoDB deletes the item some time after this instant. */
  readonly timeToLiveAttribute: string;
  readonly stream: 'NEW_AND_OLD_IMAGES';
  readonly indexes: {
    /** What the sweep reads: `duePk = 'DUE#<shard>' AND dueSk <= '<iso instant>'`. */
    readonly due: IndexDefinition;
    readonly byReseller: IndexDefinition;
    readonly byCustomer: IndexDefinition;
    /** Sparse: only outbox items not yet sent carry `outboxPk`. */
    readonly outbox: IndexDefinition;
    /** Subscriptions by terms profile, for fanning out terms-wide events (price and terms changes). */
    readonly byTerms: IndexDefinition;
  };
  /** Number of `due` partitions; the sweep queries shards 0..dueShards-1. */
  readonly dueShards: number;
}

const s = (name: string): KeyAttribute => ({ name, type: 'S' });

export const TABLE: TableDefinition = {
  name: 'looptijd',
  partitionKey: s('pk'),
  sortKey: s('sk'),
  billingMode: 'PAY_PER_REQUEST',
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  indexes: {
    due: { name: 'due', partitionKey: s('duePk'), sortKey: s('dueSk'), projection: 'ALL' },
    byReseller: { name: 'byReseller', partitionKey: s('resellerPk'), sortKey: s('resellerSk'), projection: 'ALL' },
    byCustomer: { name: 'byCustomer', partitionKey: s('customerPk'), sortKey: s('customerSk'), projection: 'ALL' },
    outbox: { name: 'outbox', partitionKey: s('outboxPk'), sortKey: s('outboxSk'), projection: 'ALL' },
    byTerms: { name: 'byTerms', partitionKey: s('termsPk'), sortKey: s('termsSk'), projection: 'KEYS_ONLY' },
  },
  dueShards: 8,
};

/** The `duePk` value of one shard of the `due` index (`DUE#0` … `DUE#7`). */
export function duePartitionKey(shard: number): string {
  if (!Number.isInteger(shard) || shard < 0 || shard >= TABLE.dueShards) {
    throw new RangeError(`due shard must be an integer 0..${TABLE.dueShards - 1}, got ${shard}`);
  }
  return `DUE#${shard}`;
}

/** Every `duePk` value the sweep must query. */
export function duePartitionKeys(): string[] {
  return Array.from({ length: TABLE.dueShards }, (_, shard) => duePartitionKey(shard));
}

/** The CreateTable request for TABLE: what CDK deploys, in SDK form (TTL is a separate call). */
export function createTableInput(table: TableDefinition = TABLE): CreateTableCommandInput {
  const indexes = Object.values(table.indexes);
  const attributes = new Map<string, KeyAttribute>();
  for (const key of [table.partitionKey, table.sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])]) {
    attributes.set(key.name, key);
  }
  return {
    TableName: table.name,
    BillingMode: table.billingMode,
    AttributeDefinitions: [...attributes.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: table.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: i.projection },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream },
  };
}

export const QUEUE_NAMES = ['subscription-events', 'payment-events', 'cancellation-events', 'outbox'] as const;
/** A work queue. Every one has a dead-letter queue `<name>-dlq`. */
export type QueueName = (typeof QUEUE_NAMES)[number];
export type DlqName = `${QueueName}-dlq`;

/** A work queue and its dead-letter queue. */
export interface QueueDefinition {
  readonly name: QueueName;
  readonly dlqName: DlqName;
  /** Receives before SQS moves a message to the DLQ. */
  readonly maxReceiveCount: number;
  /** Must be at least the timeout of the function that consumes the queue. */
  readonly visibilityTimeoutSeconds: number;
  readonly dlqRetentionSeconds: number;
}

export const QUEUE_DEFAULTS = {
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 30,
  dlqRetentionSeconds: 14 * 24 * 60 * 60,
} as const;

export function dlqName(name: QueueName): DlqName {
  return `${name}-dlq`;
}

export const QUEUES: Readonly<Record<QueueName, QueueDefinition>> = Object.fromEntries(
  QUEUE_NAMES.map((name) => [name, { name, dlqName: dlqName(name), ...QUEUE_DEFAULTS }]),
) as Record<QueueName, QueueDefinition>;

/** SQS RedrivePolicy attribute value (a JSON string, as SQS wants it). */
export function redrivePolicy(queue: QueueDefinition, dlqArn: string): string {
  return JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: queue.maxReceiveCount });
}

/** CreateQueue/SetQueueAttributes attributes of a work queue. */
export function queueAttributes(
  queue: QueueDefinition,
  dlqArn: string,
  overrides: { visibilityTimeoutSeconds?: number } = {},
): Record<string, string> {
  return {
    VisibilityTimeout: String(overrides.visibilityTimeoutSeconds ?? queue.visibilityTimeoutSeconds),
    RedrivePolicy: redrivePolicy(queue, dlqArn),
  };
}

/** CreateQueue/SetQueueAttributes attributes of a dead-letter queue. */
export function dlqAttributes(queue: QueueDefinition): Record<string, string> {
  return { MessageRetentionPeriod: String(queue.dlqRetentionSeconds) };
}

/** Access changes and data deletions go out to provisioning systems on this bus. */
export const EVENT_BUS = {
  name: 'looptijd-access',
  source: 'looptijd',
  detailTypes: ['access.revoked', 'access.restored', 'data.delete'],
} as const;
export type AccessDetailType = (typeof EVENT_BUS.detailTypes)[number];

/** The scheduled sweep over the `due` index. */
export const SWEEP = { rateMinutes: 1 } as const;

/**
 * The API's secrets, generated by Secrets Manager in AWS; functions get their ARNs, never the values,
 * and fetch them at cold start. Locally `WEBHOOK_SECRET` / `CURSOR_SECRET` or the public defaults.
 */
export const SECRETS = {
  webhook: {
    name: 'looptijd/webhook-secret',
    envArn: 'WEBHOOK_SECRET_ARN',
    description: 'Standard Webhooks secret shared with the payment provider (base64; put the provider-issued one here if it issues one)',
  },
  cursor: { name: 'looptijd/cursor-secret', envArn: 'CURSOR_SECRET_ARN', description: 'HMAC key sealing partner API pagination cursors' },
} as const;
export type SecretName = keyof typeof SECRETS;

/** Environment variable names the functions read their resource names from. */
export const ENV = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  queueUrl: (name: QueueName): string => `QUEUE_URL_${name.toUpperCase().replaceAll('-', '_')}`,
  secretArn: (name: SecretName): string => SECRETS[name].envArn,
  /** The provider's details and number series (infra/config.ts providerEnvironment → functions/config.ts). */
  provider: {
    name: 'PROVIDER_NAME', street: 'PROVIDER_STREET', postalCode: 'PROVIDER_POSTAL_CODE', city: 'PROVIDER_CITY', country: 'PROVIDER_COUNTRY',
    kvk: 'PROVIDER_KVK', vatId: 'PROVIDER_VAT_ID', iban: 'PROVIDER_IBAN', invoiceNumberPrefix: 'INVOICE_NUMBER_PREFIX',
  },
} as const;
