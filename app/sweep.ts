/**
 * The scheduled sweep: reads only the `due` index up to now (never a scan) and enqueues a
 * `subscription.due` tick per due account, with an id derived from the due instant so a sweep
 * repeated before the tick ran sends the same id. Also re-enqueues outbox items whose hand-off
 * was lost (a crash between the write and the send to the outbox queue), and puts events parked
 * past their deadline back on their queue, marked expired: their next delivery either finds the
 * parent at last or dead-letters them with their reason (issue 11).
 */
import { toInstant } from '../domain/calendar.js';
import type { IncomingEvent } from '../domain/index.js';
import type { Deps } from './ports.js';

/** An outbox item still pending this long after it was written lost its hand-off. */
const STALE_OUTBOX_MS = 60_000;

export interface SweepResult {
  readonly now: string;
  readonly due: number;
  /** Items the due queries read (ScannedCount) and the read capacity they consumed. */
  readonly itemsRead: number;
  readonly readCapacityUnits: number;
  readonly staleOutbox: number;
  /** Parked events past their deadline, sent once more to be dead-lettered (or applied, if their parent came meanwhile). */
  readonly expiredParked: number;
}

export async function sweep(deps: Deps): Promise<SweepResult> {
  const now = toInstant(deps.clock.now());
  const { due, itemsRead, readCapacityUnits } = await deps.dueIndex.dueUpTo(now);
  const ticks: IncomingEvent[] = due.map(({ customerId, dueAt }) => ({ id: `tick:${customerId}:${dueAt}`, type: 'subscription.due', occurredAt: now, data: { customerId } }));
  if (ticks.length > 0) await deps.queues.sendMany(ticks);

  const wallNow = deps.wallClock ?? (() => new Date());
  const stale = await deps.outbox.stale(new Date(wallNow().getTime() - STALE_OUTBOX_MS));
  if (stale.length > 0) await deps.queues.sendOutbox(stale);

  const overdue = await deps.parking.overdue(now);
  for (const parked of overdue) await deps.parking.expire(parked);
  if (overdue.length > 0) await deps.queues.sendMany(overdue.map((p) => p.event));

  const result = { now, due: ticks.length, itemsRead, readCapacityUnits, staleOutbox: stale.length, expiredParked: overdue.length };
  deps.logger.info('sweep', { ...result });
  return result;
}
