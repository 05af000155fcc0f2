/**
 * What became of an event (issue 10 item 2), as `EVENT#<eventId>` / `OUTCOME#<customerId or ->`
 * items (docs/dynamodb.md). The decided outcomes (applied, ignored, refused) are written by the
 * account store in the decision's own transaction (`outcomeItem`); accepted (queued by the API),
 * parked and failed are written here, never over a decided one. 90 days' TTL.
 */
import { QueryCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { EventOutcome, EventOutcomes, OutcomeStatus } from '../app/ports.js';
import { translate } from './errors.js';

export const OUTCOME_TTL_SECONDS = 90 * 24 * 60 * 60;
const NO_CUSTOMER = '-';
/** Written only where no decided outcome is: a decision is final, later failures of a duplicate do not undo it. */
const OPEN: readonly OutcomeStatus[] = ['accepted', 'parked', 'failed'];

export const outcomeKey = (eventId: string, customerId: string | null) => ({ pk: `EVENT#${eventId}`, sk: `OUTCOME#${customerId ?? NO_CUSTOMER}` });

const stored = z.object({
  eventId: z.string(),
  eventType: z.string().nullish(),
  status: z.enum(['accepted', 'parked', 'applied', 'ignored', 'refused', 'failed']),
  at: z.string(),
  recordedAt: z.string(),
  customerId: z.string().nullish(),
  subscriptionId: z.string().nullish(),
  resellerId: z.string().nullish(),
  rule: z.string().nullish(),
  reason: z.string().nullish(),
  code: z.string().nullish(),
  deadLettered: z.boolean().nullish(),
  deadline: z.string().nullish(),
  duplicates: z.number().int().nullish(),
});

/** The item of one outcome (the account store puts it into the decision's transaction). */
export function outcomeItem(o: EventOutcome, recordedAt: Date): Record<string, unknown> {
  return {
    ...outcomeKey(o.eventId, o.customerId),
    itemType: 'OUTCOME',
    eventId: o.eventId, eventType: o.eventType, status: o.status, at: o.at, recordedAt: recordedAt.toISOString(),
    customerId: o.customerId, subscriptionId: o.subscriptionId, resellerId: o.resellerId,
    rule: o.rule, reason: o.reason, code: o.code, deadLettered: o.deadLettered, deadline: o.deadline,
    expiresAt: Math.floor(recordedAt.getTime() / 1000) + OUTCOME_TTL_SECONDS,
  };
}

function fromItem(raw: unknown): EventOutcome | null {
  const item = stored.safeParse(raw);
  if (!item.success) return null;
  const d = item.data;
  return {
    eventId: d.eventId, eventType: d.eventType ?? null, status: d.status, at: d.at, recordedAt: d.recordedAt,
    customerId: d.customerId ?? null, subscriptionId: d.subscriptionId ?? null, resellerId: d.resellerId ?? null,
    rule: d.rule ?? null, reason: d.reason ?? null, code: d.code ?? null, deadLettered: d.deadLettered ?? false, deadline: d.deadline ?? null,
    duplicates: d.duplicates ?? 0,
  };
}

export class DynamoEventOutcomes implements EventOutcomes {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly wallNow: () => Date = () => new Date(),
  ) {}

  async record(outcome: EventOutcome): Promise<void> {
    const decided = !OPEN.includes(outcome.status);
    try {
      await this.doc.send(new PutCommand({
        TableName: this.tableName,
        Item: outcomeItem(outcome, this.wallNow()),
        ...(!decided && {
          ConditionExpression: 'attribute_not_exists(pk) OR #status IN (:a, :p, :f)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':a': 'accepted', ':p': 'parked', ':f': 'failed' },
        }),
      }));
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return; // decided already: that stands
      throw translate(error, 'store.unavailable', `record outcome of ${outcome.eventId}`);
    }
  }

  async duplicate(eventId: string, customerId: string): Promise<void> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.tableName,
        Key: outcomeKey(eventId, customerId),
        UpdateExpression: 'ADD duplicates :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      }));
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return; // decided before outcomes were kept, or expired
      throw translate(error, 'store.unavailable', `count a duplicate of ${eventId}`);
    }
  }

  async of(eventId: string): Promise<EventOutcome[]> {
    try {
      const page = await this.doc.send(new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': outcomeKey(eventId, null).pk, ':prefix': 'OUTCOME#' },
        ConsistentRead: true,
      }));
      return (page.Items ?? []).map(fromItem).filter((o): o is EventOutcome => o !== null).sort((a, b) => (a.recordedAt ?? '').localeCompare(b.recordedAt ?? ''));
    } catch (error) {
      throw translate(error, 'store.unavailable', `outcomes of ${eventId}`);
    }
  }
}
