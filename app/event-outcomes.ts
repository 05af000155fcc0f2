/**
 * Recording what became of an event where it happens (issue 10 item 2): parked and fanned out
 * in the event use case, failed in the queue consumer, accepted by the partner API. Applied,
 * ignored and refused are written by the store with the decision. Recording an outcome never
 * fails the work it describes: an error here is logged, not thrown.
 */
import type { IncomingEvent } from '../domain/index.js';
import { QUEUE_DEFAULTS } from '../infra/definitions.js';
import type { ConsumedQueue, Deps, EventOutcome, FailureReason } from './ports.js';

type Owner = Pick<EventOutcome, 'customerId' | 'subscriptionId' | 'resellerId'>;

const NOBODY: Owner = { customerId: null, subscriptionId: null, resellerId: null };

/** Whose event it is, as far as its data tells: the customer (directly or through a subscription, payment or invoice) and its reseller. */
async function ownerOf(deps: Pick<Deps, 'store'>, data: unknown): Promise<Owner> {
  if (data === null || typeof data !== 'object') return NOBODY;
  const d = data as Record<string, unknown>;
  const subscriptionId = typeof d['subscriptionId'] === 'string' ? d['subscriptionId'] : null;
  const customerId = await deps.store.customerIdOf({ data: d } as unknown as IncomingEvent);
  if (customerId === null) return { ...NOBODY, subscriptionId, resellerId: typeof d['resellerId'] === 'string' ? d['resellerId'] : null };
  const account = await deps.store.load(customerId);
  return { customerId, subscriptionId, resellerId: account?.state.customer.resellerId ?? null };
}

async function safely(deps: Pick<Deps, 'logger'>, what: string, job: () => Promise<void>): Promise<void> {
  try {
    await job();
  } catch (error) {
    deps.logger.warn(`could not record the outcome: ${what}`, { error: String(error) });
  }
}

const blank = { rule: null, reason: null, code: null, deadLettered: false, deadline: null } as const;

/** An event that waits for its parent until `deadline`. */
export function recordParked(deps: Pick<Deps, 'store' | 'outcomes' | 'logger'>, event: IncomingEvent, at: string, deadline: string, why: { code: string; message: string }): Promise<void> {
  return safely(deps, `parked ${event.id}`, async () => {
    const owner = await ownerOf(deps, event.data);
    await deps.outcomes.record({ eventId: event.id, eventType: event.type, status: 'parked', at, ...owner, ...blank, code: why.code, reason: why.message, deadline });
  });
}

/** An event that belongs to no single account (reseller.created, a terms-wide change) and was handed on. */
export function recordHandedOn(deps: Pick<Deps, 'outcomes' | 'logger'>, event: IncomingEvent, at: string, resellerId: string | null, note: string): Promise<void> {
  return safely(deps, `handed on ${event.id}`, () =>
    deps.outcomes.record({ eventId: event.id, eventType: event.type, status: 'applied', at, customerId: null, subscriptionId: null, resellerId, ...blank, reason: note }));
}

/** A delivery of an event decided before. */
export function recordDuplicate(deps: Pick<Deps, 'outcomes' | 'logger'>, eventId: string, customerId: string): Promise<void> {
  return safely(deps, `duplicate ${eventId}`, () => deps.outcomes.duplicate(eventId, customerId));
}

/**
 * A message of an event queue that failed: dead-lettered at once (permanent), or to be retried by
 * SQS — dead-lettered after its last receive. A body without an event id has no outcome to record.
 */
export function recordFailure(
  deps: Pick<Deps, 'store' | 'outcomes' | 'logger'>,
  input: { queue: ConsumedQueue; body: string; receiveCount: number | null; reason: FailureReason; deadLettered: boolean; at: string },
): Promise<void> {
  if (input.queue === 'outbox') return Promise.resolve();
  let parsed: { id?: unknown; type?: unknown; data?: unknown };
  try {
    parsed = JSON.parse(input.body) as typeof parsed;
  } catch {
    return Promise.resolve();
  }
  if (parsed === null || typeof parsed !== 'object' || typeof parsed.id !== 'string' || parsed.id.length === 0 || parsed.id.length > 512) return Promise.resolve();
  const eventId = parsed.id;
  const lastReceive = input.receiveCount !== null && input.receiveCount >= QUEUE_DEFAULTS.maxReceiveCount;
  const deadLettered = input.deadLettered || lastReceive;
  return safely(deps, `failure of ${eventId}`, async () => {
    const owner = await ownerOf(deps, parsed.data).catch(() => NOBODY);
    const retry = deadLettered ? '' : ` (receive ${input.receiveCount ?? '?'} of ${QUEUE_DEFAULTS.maxReceiveCount}; retried)`;
    await deps.outcomes.record({
      eventId, eventType: typeof parsed.type === 'string' ? parsed.type.slice(0, 100) : null, status: 'failed', at: input.at, ...owner,
      rule: null, code: input.reason.code, reason: `${input.reason.message}${retry}`.slice(0, 2000), deadLettered, deadline: null,
    });
  });
}
