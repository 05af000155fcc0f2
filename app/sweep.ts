/**
 * The scheduled sweep: reads only the `due` index shards up to now (never a scan) and enqueues a
 * `subscription.due` tick per due account, with an id derived from the due instant so a sweep
 * repeated before the tick ran sends the same id. Also re-enqueues outbox items whose hand-off
 * was lost (a crash between the write and the send to the outbox queue).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { translate } from '../adapters/errors.js';
import { toInstant } from '../domain/calendar.js';
import type { IncomingEvent } from '../domain/index.js';
import type { Deps } from '../functions/deps.js';
import { duePartitionKeys, TABLE } from '../infra/definitions.js';
import { partsOf } from './parts.js';

/** An outbox item still pending this long after it was written lost its hand-off. */
const STALE_OUTBOX_MS = 60_000;

export interface SweepResult {
  readonly now: string;
  readonly due: number;
  /** Items the due queries read (ScannedCount) and the read capacity they consumed. */
  readonly itemsRead: number;
  readonly readCapacityUnits: number;
  readonly staleOutbox: number;
}

export async function sweep(deps: Deps): Promise<SweepResult> {
  const now = toInstant(deps.clock.now());
  let itemsRead = 0;
  let readCapacityUnits = 0;
  const ticks: IncomingEvent[] = [];
  await Promise.all(
    duePartitionKeys().map(async (duePk) => {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await deps.clients.doc
          .send(
            new QueryCommand({
              TableName: deps.tableName,
              IndexName: TABLE.indexes.due.name,
              // dueSk = `<dueAt>#<customerId>`: everything due at or before now.
              KeyConditionExpression: 'duePk = :pk AND dueSk <= :upTo',
              ExpressionAttributeValues: { ':pk': duePk, ':upTo': `${now}#\uffff` },
              ProjectionExpression: 'customerId, dueAt',
              ReturnConsumedCapacity: 'TOTAL',
              ExclusiveStartKey: start,
            }),
          )
          .catch((e: unknown) => {
            throw translate(e, 'store.unavailable', `sweep ${duePk}`);
          });
        itemsRead += out.ScannedCount ?? 0;
        readCapacityUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
        for (const item of out.Items ?? []) {
          const customerId = String(item['customerId']);
          ticks.push({ id: `tick:${customerId}:${String(item['dueAt'])}`, type: 'subscription.due', occurredAt: now, data: { customerId } });
        }
        start = out.LastEvaluatedKey;
      } while (start);
    }),
  );
  if (ticks.length > 0) await deps.queues.sendMany(ticks);

  const { outbox, wallNow } = partsOf(deps);
  const stale = await outbox.stale(new Date(wallNow().getTime() - STALE_OUTBOX_MS));
  if (stale.length > 0) await deps.queues.sendOutbox(stale);
  const result = { now, due: ticks.length, itemsRead, readCapacityUnits, staleOutbox: stale.length };
  deps.logger.info('sweep', { ...result });
  return result;
}
