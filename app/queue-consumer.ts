/**
 * What every SQS consumer does with one record: parse at the edge, run the use case, and on
 * failure say why where an operator (and the sender) can read it. One classification
 * (domain/errors.ts): a permanent failure (malformed, unknown type, schema or bounds, too large,
 * conflicting identity, wrong queue, reused id) goes to the DLQ at once with its reason and
 * counts as handled; a transient one fails the record, records its reason, and SQS redelivers it
 * (dead-lettered after maxReceiveCount). Waiting events never get here: the use case parks them.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { anyEvent, classOf, CodedError, type ErrorCode, type IncomingEvent } from '../domain/index.js';
import { recordFailure } from './event-outcomes.js';
import type { ConsumedQueue, Deps, FailureReason } from './ports.js';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: FailureReason };

const EVENT_TYPES = new Set<string>(anyEvent.options.map((o) => o.shape.type.value));

/** JSON, then a known `type`, then the schema of that type. */
export function parseEvent(body: string): Parsed<IncomingEvent> {
  const json = parseJson(body);
  if (!json.ok) return json;
  const type = (json.value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) {
    const message = typeof type === 'string' ? `unknown event type '${type}'` : 'the message has no string "type"';
    return { ok: false, reason: failure('event.unknown_type', message, [{ path: 'type', message }]) };
  }
  return fromSchema(anyEvent, json.value, 'event.invalid', `invalid ${type} event`);
}

export function parseJson(body: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const message = `body is not JSON: ${(error as Error).message}`;
    return { ok: false, reason: failure('message.malformed_json', message, [{ message }]) };
  }
}

export function fromSchema<T>(schema: z.ZodType<T>, value: unknown, code: ErrorCode, what: string): Parsed<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  return { ok: false, reason: failure(code, `${what}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors) };
}

function failure(code: ErrorCode, message: string, errors: FailureReason['errors']): FailureReason {
  const errorClass = classOf(code);
  return { code, message, errors, class: errorClass, permanent: errorClass === 'permanent' };
}

/** The reason of any error by the one vocabulary; an error nobody translated is `internal` (transient). */
export function reasonOf(error: unknown): FailureReason {
  if (error instanceof CodedError) return failure(error.code, error.message, [{ code: error.code, message: error.message }]);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return failure('internal', message, [{ message }]);
}

/** The use case a consumer runs for one parsed message; `origin` names the queue and message. */
export type Work<T> = (value: T, origin: { readonly queue: ConsumedQueue; readonly messageId: string }) => Promise<unknown>;

/** The record handler Powertools' BatchProcessor calls for each message of `queue`. */
function recordHandler<T>(deps: Deps, queue: ConsumedQueue, parse: (body: string) => Parsed<T>, work: Work<T>, lanes: Lanes<T>): (record: SQSRecord) => Promise<void> {
  const { deadLetters } = deps;
  return async (record) => {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount) || null;
    const base = { queue, messageId: record.messageId, body: record.body ?? '', receiveCount };
    const failedAt = () => (deps.wallClock?.() ?? new Date()).toISOString();
    const rejectNow = async (reason: FailureReason) => {
      deps.logger.error('message rejected: sent to the dead-letter queue', { ...base, body: undefined, reason });
      // Reason first, so it is there by the time anyone sees the message in the DLQ.
      await deadLetters.record({ ...base, reason, deadLettered: true });
      await recordFailure(deps, { ...base, reason, deadLettered: true, at: failedAt() });
      await deadLetters.deadLetter({ queue, messageId: record.messageId, body: base.body, reason });
    };
    const parsed = parse(record.body ?? '');
    if (!parsed.ok) return rejectNow(parsed.reason);
    try {
      await lanes.run(parsed.value, () => work(parsed.value, { queue, messageId: record.messageId }));
    } catch (error) {
      const reason = reasonOf(error);
      if (reason.permanent) return rejectNow(reason);
      deps.logger.warn('message failed; SQS will redeliver it', { ...base, body: undefined, reason });
      await deadLetters.record({ ...base, reason, deadLettered: false }).catch((e: unknown) => deps.logger.error('could not record the failure', { messageId: record.messageId, error: String(e) }));
      await recordFailure(deps, { ...base, reason, deadLettered: false, at: failedAt() });
      throw error;
    }
  };
}

/**
 * Records of one batch that touch the same account run one after another, in batch order; other
 * accounts' records run alongside (issue 7.6: 40 subscription.created for one account in one
 * batch no longer race each other into version conflicts). One set of lanes per invocation.
 */
class Lanes<T> {
  private readonly tails = new Map<string, Promise<unknown>>();
  constructor(private readonly laneOf: ((value: T) => string | null) | undefined) {}

  run<R>(value: T, job: () => Promise<R>): Promise<R> {
    const lane = this.laneOf?.(value) ?? null;
    if (lane === null) return job();
    const result = (this.tails.get(lane) ?? Promise.resolve()).then(job, job);
    this.tails.set(lane, result.catch(() => undefined));
    return result;
  }
}

/** The lane of an event: its account when it names the customer, else the one thing it names. */
export function accountLane(event: IncomingEvent): string | null {
  const d = event.data as Record<string, unknown>;
  for (const field of ['customerId', 'subscriptionId', 'paymentId', 'invoiceId']) if (typeof d[field] === 'string') return `${field}:${String(d[field])}`;
  return null;
}

/**
 * An SQS batch handler: Powertools' BatchProcessor with partial batch failures (a fresh processor
 * per batch, so concurrent invocations never share one); with `laneOf`, records of one lane run
 * in order, one at a time.
 */
export function sqsBatchHandler<T>(deps: Deps, queue: ConsumedQueue, parse: (body: string) => Parsed<T>, work: Work<T>, laneOf?: (value: T) => string | null) {
  // A fully failed batch is answered with every id in batchItemFailures rather than thrown: same effect for SQS, readable for the runner.
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler(deps, queue, parse, work, new Lanes(laneOf)), new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false });
}
