/**
 * Webhook endpoints and their delivery log in the one table (docs/dynamodb.md "Webhooks"):
 * an endpoint is `WHEP#<id>` / `ENDPOINT`, listed per reseller through `byReseller`
 * (`RESELLER#<r>` / `WHEP#<id>`); a delivery is its outbox item (`OUTBOX#webhook:<endpoint>:<msg>`),
 * listed per endpoint through `byCustomer` (`WHEP#<id>` / `DLV#<created>#<msg>`), with its last
 * attempts (the policy's `keepAttempts`) and the count of all of them.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AttemptOutcome, DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEffect, WebhookEndpoint, WebhookStore } from '../app/ports.js';
import { webhookKey } from '../app/webhook-effects.js';
import { TABLE } from '../infra/definitions.js';
import { InfraError, translate } from './errors.js';
import { keys, OUTBOX_PENDING } from './keys.js';

const ENDPOINT_SK = 'ENDPOINT';
const endpointKey = (id: string) => ({ pk: `WHEP#${id}`, sk: ENDPOINT_SK });

const endpointItem = z.object({
  id: z.string(),
  resellerId: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable().default(null),
  status: z.enum(['enabled', 'disabled']),
  secret: z.string(),
  previousSecret: z.string().nullable().default(null),
  previousSecretUntil: z.string().nullable().default(null),
  createdAt: z.string(),
  failingSince: z.string().nullable().default(null),
  disabledAt: z.string().nullable().default(null),
  disabledReason: z.string().nullable().default(null),
});

const attemptItem = z.object({
  at: z.string(), statusCode: z.number().nullable(), durationMs: z.number(), error: z.string().nullable(), trigger: z.enum(['scheduled', 'replay']),
});
const deliveryItem = z.object({
  key: z.string(),
  effect: z.object({ kind: z.literal('webhook'), endpointId: z.string(), messageId: z.string(), eventType: z.string(), body: z.string() }),
  createdAt: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  retryAt: z.string().optional(),
  attemptLog: z.array(attemptItem).default([]),
  attemptCount: z.number().int().nonnegative().optional(),
});

/** The outbox item of a webhook delivery, with the keys that list it under its endpoint (dynamo-store.ts writes it with the decision). */
export function webhookOutboxKeys(effect: WebhookEffect, createdAt: string): Record<string, string> {
  return { customerPk: `WHEP#${effect.endpointId}`, customerSk: `DLV#${createdAt}#${effect.messageId}`, resellerId: effect.resellerId };
}

export class DynamoWebhookStore implements WebhookStore {
  private readonly cache = new Map<string, { at: number; endpoints: WebhookEndpoint[] }>();

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How long a reseller's enabled endpoints are remembered per instance (0: not at all). */
    private readonly cacheMs = 0,
    private readonly wallNow: () => Date = () => new Date(),
  ) {}

  async createEndpoint(e: WebhookEndpoint): Promise<void> {
    await this.doc
      .send(new PutCommand({
        TableName: this.tableName,
        Item: { ...endpointKey(e.id), ...e, eventTypes: [...e.eventTypes], resellerPk: `RESELLER#${e.resellerId}`, resellerSk: `WHEP#${e.id}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      }))
      .catch((error: unknown) => {
        throw translate(error, 'store.unavailable', `create webhook endpoint ${e.id}`);
      });
    this.cache.delete(e.resellerId);
  }

  async endpoint(id: string): Promise<WebhookEndpoint | null> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: endpointKey(id), ConsistentRead: true })).catch((error: unknown) => {
      throw translate(error, 'store.unavailable', `read webhook endpoint ${id}`);
    });
    return Item ? parseEndpoint(Item) : null;
  }

  async endpointsOf(resellerId: string, limit: number, start: Record<string, unknown> | null) {
    const out = await this.doc
      .send(new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE.indexes.byReseller.name,
        KeyConditionExpression: 'resellerPk = :pk AND begins_with(resellerSk, :prefix)',
        ExpressionAttributeValues: { ':pk': `RESELLER#${resellerId}`, ':prefix': 'WHEP#' },
        Limit: limit,
        ExclusiveStartKey: start ?? undefined,
      }))
      .catch((error: unknown) => {
        throw translate(error, 'store.unavailable', `webhook endpoints of ${resellerId}`);
      });
    return { items: (out.Items ?? []).map(parseEndpoint).filter((e) => e.resellerId === resellerId), next: out.LastEvaluatedKey ?? null };
  }

  async enabledEndpointsOf(resellerId: string): Promise<WebhookEndpoint[]> {
    const now = this.wallNow().getTime();
    const cached = this.cache.get(resellerId);
    if (cached && now - cached.at < this.cacheMs) return cached.endpoints;
    const all: WebhookEndpoint[] = [];
    let start: Record<string, unknown> | null = null;
    do {
      const page = await this.endpointsOf(resellerId, 100, start);
      all.push(...page.items);
      start = page.next;
    } while (start);
    const endpoints = all.filter((e) => e.status === 'enabled');
    if (this.cacheMs > 0) this.cache.set(resellerId, { at: now, endpoints });
    return endpoints;
  }

  async deleteEndpoint(id: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: endpointKey(id) })).catch((error: unknown) => {
      throw translate(error, 'store.unavailable', `delete webhook endpoint ${id}`);
    });
    this.cache.clear();
  }

  async rotateSecret(id: string, secret: string, previousUntil: string): Promise<WebhookEndpoint | null> {
    return this.update(id, 'SET previousSecret = secret, previousSecretUntil = :until, secret = :secret', { ':secret': secret, ':until': previousUntil });
  }

  async enable(id: string): Promise<WebhookEndpoint | null> {
    return this.update(id, 'SET #s = :enabled, failingSince = :null, disabledAt = :null, disabledReason = :null', { ':enabled': 'enabled', ':null': null }, { '#s': 'status' });
  }

  async noteOutcome(id: string, ok: boolean, at: string, disableAfterMs: number): Promise<{ disabled: boolean }> {
    try {
      if (ok) {
        await this.doc.send(new UpdateCommand({
          TableName: this.tableName, Key: endpointKey(id), UpdateExpression: 'SET failingSince = :null',
          ConditionExpression: 'attribute_exists(pk) AND failingSince <> :null', ExpressionAttributeValues: { ':null': null },
        }));
        return { disabled: false };
      }
      // The first failure since the last success starts the clock; one after `disableAfterMs` of failures disables it.
      const cutoff = new Date(Date.parse(at) - disableAfterMs).toISOString();
      try {
        await this.doc.send(new UpdateCommand({
          TableName: this.tableName, Key: endpointKey(id),
          UpdateExpression: 'SET #s = :disabled, disabledAt = :at, disabledReason = :why',
          ConditionExpression: 'attribute_exists(pk) AND #s = :enabled AND failingSince <> :null AND failingSince <= :cutoff',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':disabled': 'disabled', ':enabled': 'enabled', ':at': at, ':null': null, ':cutoff': cutoff, ':why': `every delivery failed since ${cutoff} or earlier` },
        }));
        this.cache.clear();
        return { disabled: true };
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
      await this.doc.send(new UpdateCommand({
        TableName: this.tableName, Key: endpointKey(id), UpdateExpression: 'SET failingSince = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(failingSince) OR failingSince = :null)', ExpressionAttributeValues: { ':at': at, ':null': null },
      }));
      return { disabled: false };
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return { disabled: false };
      throw translate(error, 'store.unavailable', `note outcome of webhook endpoint ${id}`);
    }
  }

  async deliveriesOf(endpointId: string, limit: number, start: Record<string, unknown> | null) {
    const out = await this.doc
      .send(new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE.indexes.byCustomer.name,
        KeyConditionExpression: 'customerPk = :pk AND begins_with(customerSk, :prefix)',
        ExpressionAttributeValues: { ':pk': `WHEP#${endpointId}`, ':prefix': 'DLV#' },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: start ?? undefined,
      }))
      .catch((error: unknown) => {
        throw translate(error, 'store.unavailable', `deliveries of ${endpointId}`);
      });
    return { items: (out.Items ?? []).map(parseDelivery), next: out.LastEvaluatedKey ?? null };
  }

  async delivery(endpointId: string, deliveryId: string): Promise<WebhookDelivery | null> {
    const key = webhookKey(endpointId, deliveryId);
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.outbox(key), ConsistentRead: true })).catch((error: unknown) => {
      throw translate(error, 'store.unavailable', `read delivery ${key}`);
    });
    return Item ? parseDelivery(Item) : null;
  }

  async recordAttempt(key: string, token: string, attempt: WebhookAttempt, outcome: AttemptOutcome, keep: number): Promise<boolean> {
    // The lease holder is the only writer of the log (a replay waits for a finished delivery): read, trim to the last `keep`, write back under the lease.
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.outbox(key), ConsistentRead: true })).catch((error: unknown) => {
      throw translate(error, 'store.unavailable', `read delivery ${key}`);
    });
    if (!Item || Item.leaseToken !== token) return false;
    const prior = z.array(attemptItem).catch([]).parse(Item.attemptLog ?? []);
    const count = (typeof Item.attemptCount === 'number' ? Item.attemptCount : prior.length) + 1;
    const log = 'attemptLog = :log, attemptCount = :count';
    const values: Record<string, unknown> = { ':token': token, ':log': [...prior, attempt].slice(-Math.max(1, keep)), ':count': count, ':at': attempt.at };
    let update: string;
    switch (outcome.status) {
      case 'succeeded':
        update = `SET #s = :sent, sentAt = :at, ${log} REMOVE outboxPk, outboxSk, leaseUntil, leaseToken, retryAt, replayPending`;
        values[':sent'] = 'sent';
        break;
      case 'retry':
        // The sweep's stale query reads `outboxSk` as the time it is due: a retry is picked up once it is due.
        update = `SET #s = :pending, retryAt = :retryAt, retryStep = :step, outboxSk = :sk, lastAttemptAt = :at, ${log} REMOVE leaseUntil, leaseToken, replayPending`;
        Object.assign(values, { ':pending': 'pending', ':retryAt': outcome.retryAt, ':step': outcome.step, ':sk': `${outcome.retryAt}#${key}` });
        break;
      case 'failed':
        update = `SET #s = :failed, failedAt = :at, lastError = :error, ${log} REMOVE outboxPk, outboxSk, leaseUntil, leaseToken, retryAt, replayPending`;
        Object.assign(values, { ':failed': 'failed', ':error': outcome.error });
        break;
      default: {
        const never: never = outcome;
        throw new Error(`unknown outcome ${JSON.stringify(never)}`);
      }
    }
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.tableName, Key: keys.outbox(key), UpdateExpression: update, ConditionExpression: 'leaseToken = :token',
        ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: values,
      }));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw translate(error, 'store.unavailable', `record attempt of ${key}`);
    }
  }

  async replay(key: string, at: string): Promise<'queued' | 'in-flight' | 'missing'> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.tableName, Key: keys.outbox(key),
        UpdateExpression: 'SET #s = :pending, retryStep = :zero, replayPending = :true, outboxPk = :opk, outboxSk = :osk REMOVE retryAt',
        ConditionExpression: 'attribute_exists(pk) AND (#s = :sent OR #s = :failed)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending', ':zero': 0, ':true': true, ':opk': OUTBOX_PENDING, ':osk': `${at}#${key}`, ':sent': 'sent', ':failed': 'failed' },
      }));
      return 'queued';
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw translate(error, 'store.unavailable', `replay ${key}`);
    }
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.outbox(key), ConsistentRead: true }));
    return Item ? 'in-flight' : 'missing';
  }

  private async update(id: string, expression: string, values: Record<string, unknown>, names?: Record<string, string>): Promise<WebhookEndpoint | null> {
    try {
      const out = await this.doc.send(new UpdateCommand({
        TableName: this.tableName, Key: endpointKey(id), UpdateExpression: expression, ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: values, ...(names && { ExpressionAttributeNames: names }), ReturnValues: 'ALL_NEW',
      }));
      this.cache.clear();
      return parseEndpoint(out.Attributes);
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return null;
      throw translate(error, 'store.unavailable', `update webhook endpoint ${id}`);
    }
  }
}

function parseEndpoint(raw: unknown): WebhookEndpoint {
  const parsed = endpointItem.safeParse(raw);
  if (!parsed.success) throw new InfraError('store.invalid', `webhook endpoint item is malformed: ${parsed.error.message}`);
  return parsed.data as WebhookEndpoint;
}

const STATUS: Record<z.infer<typeof deliveryItem>['status'], DeliveryStatus> = { pending: 'pending', sending: 'sending', sent: 'succeeded', failed: 'failed' };

function parseDelivery(raw: unknown): WebhookDelivery {
  const parsed = deliveryItem.safeParse(raw);
  if (!parsed.success) throw new InfraError('store.invalid', `webhook delivery item is malformed: ${parsed.error.message}`);
  const d = parsed.data;
  return {
    id: d.effect.messageId, key: d.key, endpointId: d.effect.endpointId, eventType: d.effect.eventType, createdAt: d.createdAt,
    status: STATUS[d.status], nextAttemptAt: d.status === 'pending' ? (d.retryAt ?? null) : null, attempts: d.attemptLog, attemptCount: d.attemptCount ?? d.attemptLog.length, body: d.effect.body,
  };
}
