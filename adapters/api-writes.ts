/**
 * The partner API's write bookkeeping (docs/dynamodb.md): idempotency keys (`IDEMP#…`, 24 hours)
 * and claims on ids a reseller creates (`CLAIM#…`, until the pipeline has long decided them). Both
 * are conditional writes, so concurrent requests agree on one winner; both expire by TTL.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { IdClaims, IdempotencyBegin, IdempotencyKeys, StoredResponse } from '../app/ports.js';
import { translate } from './errors.js';
import { keys } from './keys.js';

/** Stripe's window: a key is remembered for 24 hours, then may be used again. */
export const IDEMPOTENCY_KEY_SECONDS = 24 * 3600;
/** How long a request owns its key before a retry may take over (above the function's 10 s timeout). */
export const IDEMPOTENCY_LEASE_MS = 30_000;
/** A claim outlives the parking horizon (7 days): by then the pipeline has created the id or dead-lettered its event. */
export const CLAIM_SECONDS = 8 * 24 * 3600;

const conditionFailed = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

const idempotencyKey = keys.idempotency;
const claimKey = keys.claim;

const idempotencyItem = z.object({
  requestHash: z.string(), eventId: z.string(), at: z.string(), token: z.string(), state: z.enum(['started', 'done']),
  leaseUntil: z.number(), expiresAt: z.number(),
  response: z.object({ status: z.number().int(), body: z.string(), headers: z.record(z.string(), z.string()) }).optional(),
});
const claimItem = z.object({ resellerId: z.string(), customerId: z.string(), eventId: z.string(), expiresAt: z.number() });

export class DynamoIdempotencyKeys implements IdempotencyKeys {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly wallNow: () => Date = () => new Date(),
  ) {}

  async begin(input: { resellerId: string; key: string; requestHash: string; eventId: string; at: string }): Promise<IdempotencyBegin> {
    const Key = idempotencyKey(input.resellerId, input.key);
    const nowMs = this.wallNow().getTime();
    const token = randomUUID();
    try {
      await this.doc.send(new PutCommand({
        TableName: this.tableName,
        Item: {
          ...Key, resellerId: input.resellerId, requestHash: input.requestHash, eventId: input.eventId, at: input.at, token, state: 'started',
          leaseUntil: nowMs + IDEMPOTENCY_LEASE_MS, expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_KEY_SECONDS,
        },
        // TTL deletes lazily: an expired item is as good as none.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': Math.floor(nowMs / 1000) },
      }));
      return { kind: 'started', token, eventId: input.eventId, at: input.at };
    } catch (error) {
      if (!conditionFailed(error)) throw translate(error, 'store.unavailable', 'claim an idempotency key');
    }
    const earlier = await this.read(input.resellerId, input.key);
    if (earlier === null) return this.begin(input); // expired and deleted in between
    if (earlier.state === 'done' && earlier.response) return { kind: 'done', requestHash: earlier.requestHash, response: earlier.response };
    if (earlier.leaseUntil > nowMs || earlier.requestHash !== input.requestHash) return { kind: 'running', requestHash: earlier.requestHash };
    // The request that held it ended without an answer (a crash, a timeout): take over, as the same event.
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.tableName, Key,
        UpdateExpression: 'SET #token = :token, leaseUntil = :lease',
        ConditionExpression: '#token = :old AND #state = :started',
        ExpressionAttributeNames: { '#token': 'token', '#state': 'state' },
        ExpressionAttributeValues: { ':token': token, ':old': earlier.token, ':started': 'started', ':lease': nowMs + IDEMPOTENCY_LEASE_MS },
      }));
      return { kind: 'started', token, eventId: earlier.eventId, at: earlier.at };
    } catch (error) {
      if (!conditionFailed(error)) throw translate(error, 'store.unavailable', 'take over an idempotency key');
      return { kind: 'running', requestHash: earlier.requestHash };
    }
  }

  async peek(resellerId: string, key: string): Promise<IdempotencyBegin | null> {
    const item = await this.read(resellerId, key);
    if (item === null) return null;
    return item.state === 'done' && item.response ? { kind: 'done', requestHash: item.requestHash, response: item.response } : { kind: 'running', requestHash: item.requestHash };
  }

  async complete(resellerId: string, key: string, token: string, response: StoredResponse): Promise<void> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.tableName, Key: idempotencyKey(resellerId, key),
        UpdateExpression: 'SET #state = :done, #response = :response',
        ConditionExpression: '#token = :token',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response', '#token': 'token' },
        ExpressionAttributeValues: { ':done': 'done', ':response': response, ':token': token },
      }));
    } catch (error) {
      // Another request took over meanwhile: it answers the same event, and keeps its own answer.
      if (conditionFailed(error)) return;
      throw translate(error, 'store.unavailable', 'keep an idempotent answer');
    }
  }

  async release(resellerId: string, key: string, token: string): Promise<void> {
    try {
      await this.doc.send(new DeleteCommand({
        TableName: this.tableName, Key: idempotencyKey(resellerId, key),
        ConditionExpression: '#token = :token AND #state = :started',
        ExpressionAttributeNames: { '#token': 'token', '#state': 'state' },
        ExpressionAttributeValues: { ':token': token, ':started': 'started' },
      }));
    } catch (error) {
      if (conditionFailed(error)) return;
      throw translate(error, 'store.unavailable', 'release an idempotency key');
    }
  }

  private async read(resellerId: string, key: string): Promise<z.infer<typeof idempotencyItem> | null> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: idempotencyKey(resellerId, key), ConsistentRead: true })).catch((error: unknown) => {
      throw translate(error, 'store.unavailable', 'read an idempotency key');
    });
    const item = idempotencyItem.safeParse(Item);
    if (!item.success || item.data.expiresAt < Math.floor(this.wallNow().getTime() / 1000)) return null;
    return item.data;
  }
}

export class DynamoIdClaims implements IdClaims {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly wallNow: () => Date = () => new Date(),
  ) {}

  async claim(kind: 'customer' | 'subscription', id: string, owner: { resellerId: string; customerId: string; eventId: string }): Promise<boolean> {
    const now = Math.floor(this.wallNow().getTime() / 1000);
    try {
      await this.doc.send(new PutCommand({
        TableName: this.tableName,
        Item: { ...claimKey(kind, id), ...owner, expiresAt: now + CLAIM_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR eventId = :eventId',
        ExpressionAttributeValues: { ':now': now, ':eventId': owner.eventId },
      }));
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw translate(error, 'store.unavailable', `claim ${kind} ${id}`);
    }
  }

  async claimOf(kind: 'customer' | 'subscription', id: string): Promise<{ resellerId: string; customerId: string; eventId: string } | null> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: claimKey(kind, id) })).catch((error: unknown) => {
      throw translate(error, 'store.unavailable', `read the claim on ${kind} ${id}`);
    });
    const item = claimItem.safeParse(Item);
    if (!item.success || item.data.expiresAt < Math.floor(this.wallNow().getTime() / 1000)) return null;
    return { resellerId: item.data.resellerId, customerId: item.data.customerId, eventId: item.data.eventId };
  }
}
