/**
 * Outbox items (docs/dynamodb.md): claimed with a conditional update and a lease, marked sent
 * after the effect ran. The lease keeps two senders from running one effect at the same time.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Claim, Outbox, OutboxEffect, OutboxItem } from '../app/ports.js';
import { TABLE } from '../infra/definitions.js';
import { InfraError, translate } from './errors.js';
import { keys, OUTBOX_PENDING } from './keys.js';

const outboxItemSchema = z.object({
  key: z.string(),
  kind: z.string(),
  effect: z.custom<OutboxEffect>((v) => typeof v === 'object' && v !== null && 'kind' in v && 'key' in v),
  customerId: z.string(),
  eventId: z.string(),
  at: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.number().default(0),
  leaseUntil: z.number().optional(),
  retryAt: z.string().optional(),
  retryStep: z.number().optional(),
  replayPending: z.boolean().optional(),
});
export class DynamoOutbox implements Outbox {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly wallNow: () => Date = () => new Date(),
  ) {}

  async claim(key: string, leaseMs: number): Promise<Claim> {
    const now = this.wallNow().getTime();
    const token = randomUUID();
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outbox(key),
          UpdateExpression: 'SET #s = :sending, leaseUntil = :until, leaseToken = :token, attempts = if_not_exists(attempts, :zero) + :one',
          ConditionExpression: 'attribute_exists(pk) AND (#s = :pending OR (#s = :sending AND leaseUntil < :now))',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':until': now + leaseMs, ':now': now, ':token': token, ':zero': 0, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'claimed', item: parseItem(key, out.Attributes), token };
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw translate(error, 'store.unavailable', `claim ${key}`);
    }
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.outbox(key), ConsistentRead: true })).catch((e: unknown) => {
      throw translate(e, 'store.unavailable', `read ${key}`);
    });
    if (!Item) return { kind: 'missing' };
    const item = parseItem(key, Item);
    if (item.status === 'sent' || item.status === 'failed') return { kind: 'done', status: item.status };
    return { kind: 'leased', until: item.leaseUntil ?? now };
  }

  /** Marks the item sent and takes it out of the `outbox` index; false when the lease was lost meanwhile. */
  async markSent(key: string, token: string, result: Record<string, unknown>): Promise<boolean> {
    return this.finish(key, token, 'SET #s = :sent, sentAt = :at, #r = :result REMOVE outboxPk, outboxSk, leaseUntil, leaseToken', { ':sent': 'sent', ':result': result });
  }

  /** A failure that no retry can cure (e.g. SES refused the address): recorded, never retried. */
  async markFailed(key: string, token: string, error: string): Promise<boolean> {
    return this.finish(key, token, 'SET #s = :failed, failedAt = :at, #r = :result REMOVE outboxPk, outboxSk, leaseUntil, leaseToken', { ':failed': 'failed', ':result': { error } });
  }

  /** Gives the lease back after a failed attempt, so the next delivery need not wait for it. */
  async release(key: string, token: string, error: string): Promise<void> {
    await this.finish(key, token, 'SET #s = :pending, lastError = :err, lastErrorAt = :at, #r = :result REMOVE leaseUntil, leaseToken', { ':pending': 'pending', ':err': error, ':result': null }).catch(() => false);
  }

  /** Items not sent whose hand-off is older than `olderThan` (the sweep re-enqueues them). */
  async stale(olderThan: Date, limit = 500): Promise<string[]> {
    const out = await this.doc
      .send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE.indexes.outbox.name,
          KeyConditionExpression: 'outboxPk = :p AND outboxSk < :cutoff',
          ExpressionAttributeValues: { ':p': OUTBOX_PENDING, ':cutoff': olderThan.toISOString() },
          ProjectionExpression: '#k',
          ExpressionAttributeNames: { '#k': 'key' },
          Limit: limit,
        }),
      )
      .catch((e: unknown) => {
        throw translate(e, 'store.unavailable', 'stale outbox items');
      });
    return (out.Items ?? []).map((i) => String(i['key']));
  }

  private async finish(key: string, token: string, update: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outbox(key),
          UpdateExpression: update,
          ConditionExpression: 'leaseToken = :token',
          ExpressionAttributeNames: { '#s': 'status', '#r': 'result' },
          ExpressionAttributeValues: { ...values, ':token': token, ':at': this.wallNow().toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw translate(error, 'store.unavailable', `finish ${key}`);
    }
  }
}

function parseItem(key: string, raw: unknown): OutboxItem {
  const parsed = outboxItemSchema.safeParse(raw);
  if (!parsed.success) throw new InfraError('store.invalid', `outbox item ${key} is malformed: ${parsed.error.message}`);
  return parsed.data;
}
