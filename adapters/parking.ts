/**
 * Parked events (docs/dynamodb.md): an event that waits for its parent is one item
 * `PARK#<ref>` / `<eventId>` (what the parent's decision re-drives) plus one entry on the
 * overdue list `PARKED` / `<deadline>#<ref>#<eventId>` (what the sweep reads), written together.
 * Past its deadline the item stays as a tombstone (`expired`) until its TTL, so a late delivery
 * of the event is dead-lettered rather than parked again.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ConsumedQueue, ParentRef, ParkedEvent, Parking } from '../app/ports.js';
import { anyEvent, isErrorCode } from '../domain/index.js';
import { InfraError, translate } from './errors.js';

const OVERDUE_PK = 'PARKED';
/** Tombstones and stragglers go some time after their deadline. */
const KEEP_AFTER_DEADLINE_SECONDS = 15 * 24 * 3600;

const parkedItem = z.object({
  ref: z.string(),
  event: z.string(),
  code: z.string().refine(isErrorCode),
  message: z.string(),
  parkedAt: z.string(),
  deadline: z.string(),
  queue: z.enum(['subscription-events', 'payment-events', 'cancellation-events', 'outbox']),
  messageId: z.string(),
  expired: z.boolean().default(false),
});

const refKey = (ref: string, eventId: string) => ({ pk: `PARK#${ref}`, sk: eventId });
const overdueKey = (p: Pick<ParkedEvent, 'ref' | 'event' | 'deadline'>) => ({ pk: OVERDUE_PK, sk: `${p.deadline}#${p.ref}#${p.event.id}` });

export class DynamoParking implements Parking {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async park(p: ParkedEvent): Promise<ParkedEvent & { expired: boolean }> {
    const expiresAt = Math.floor(Date.parse(p.deadline) / 1000) + KEEP_AFTER_DEADLINE_SECONDS;
    const item = {
      ...refKey(p.ref, p.event.id), itemType: 'PARKED', ref: p.ref, eventId: p.event.id, eventType: p.event.type, event: JSON.stringify(p.event),
      code: p.reason.code, message: p.reason.message, parkedAt: p.parkedAt, deadline: p.deadline, queue: p.queue, messageId: p.messageId, expired: false, expiresAt,
    };
    try {
      await this.doc.send(new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: this.tableName, Item: { ...overdueKey(p), itemType: 'PARKEDLIST', ref: p.ref, eventId: p.event.id, expiresAt } } },
        ],
      }));
      return { ...p, expired: false };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException) || error.CancellationReasons?.[0]?.Code !== 'ConditionalCheckFailed') {
        throw translate(error, 'store.unavailable', `park ${p.event.id} for ${p.ref}`);
      }
    }
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: refKey(p.ref, p.event.id), ConsistentRead: true })).catch((e: unknown) => {
      throw translate(e, 'store.unavailable', `read parked ${p.event.id}`);
    });
    if (!Item) return this.park(p); // removed in between (its parent came): park anew, the caller re-checks
    return parse(Item);
  }

  async waitingFor(ref: ParentRef): Promise<ParkedEvent[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc
        .send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PARK#${ref}` }, ConsistentRead: true, ExclusiveStartKey: start }))
        .catch((e: unknown) => {
          throw translate(e, 'store.unavailable', `events waiting for ${ref}`);
        });
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items.map(parse).filter((p) => !p.expired);
  }

  async overdue(now: string, limit = 200): Promise<ParkedEvent[]> {
    const out = await this.doc
      .send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk AND sk <= :upTo', ExpressionAttributeValues: { ':pk': OVERDUE_PK, ':upTo': `${now}#\uffff` }, Limit: limit }))
      .catch((e: unknown) => {
        throw translate(e, 'store.unavailable', 'overdue parked events');
      });
    const found: ParkedEvent[] = [];
    for (const entry of out.Items ?? []) {
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: refKey(String(entry['ref']), String(entry['eventId'])), ConsistentRead: true })).catch((e: unknown) => {
        throw translate(e, 'store.unavailable', 'read parked event');
      });
      if (Item) found.push(parse(Item));
      else await this.deleteKeys([{ pk: String(entry['pk']), sk: String(entry['sk']) }]); // its parent came; the list entry is a leftover
    }
    return found;
  }

  async expire(p: ParkedEvent): Promise<void> {
    await this.doc
      .send(new UpdateCommand({ TableName: this.tableName, Key: refKey(p.ref, p.event.id), UpdateExpression: 'SET expired = :t', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':t': true } }))
      .catch((e: unknown) => {
        if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw translate(e, 'store.unavailable', `expire parked ${p.event.id}`);
      });
    await this.deleteKeys([overdueKey(p)]);
  }

  async remove(p: Pick<ParkedEvent, 'ref' | 'event' | 'deadline'>): Promise<void> {
    await this.deleteKeys([refKey(p.ref, p.event.id), overdueKey(p)]);
  }

  private async deleteKeys(keys: Array<{ pk: string; sk: string }>): Promise<void> {
    let requests = keys.map((Key) => ({ DeleteRequest: { Key } }));
    while (requests.length > 0) {
      const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } })).catch((e: unknown) => {
        throw translate(e, 'store.unavailable', 'remove parked event');
      });
      requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
    }
  }
}

function parse(raw: Record<string, unknown>): ParkedEvent & { expired: boolean } {
  const item = parkedItem.safeParse(raw);
  if (!item.success) throw new InfraError('store.invalid', `parked item ${String(raw['pk'])}/${String(raw['sk'])} is malformed: ${item.error.message}`);
  const event = anyEvent.safeParse(JSON.parse(item.data.event));
  if (!event.success) throw new InfraError('store.invalid', `parked event ${String(raw['sk'])} is malformed: ${event.error.message}`);
  const d = item.data;
  return {
    ref: d.ref as ParentRef, event: event.data, reason: { code: d.code, message: d.message }, parkedAt: d.parkedAt, deadline: d.deadline,
    queue: d.queue as ConsumedQueue, messageId: d.messageId, expired: d.expired,
  };
}
