/**
 * What every SQS consumer does with one record: parse at the edge, run the use case, and on
 * failure say why where an operator can read it. A message no retry can cure (malformed JSON,
 * unknown type, schema-invalid) goes to the DLQ at once with its reason and counts as handled;
 * anything else fails the record, records its reason, and SQS redrives it after maxReceiveCount.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { InfraError } from '../adapters/errors.js';
import type { FailureReason } from '../adapters/dlq-reasons.js';
import { anyEvent, DomainError, type IncomingEvent } from '../domain/index.js';
import type { Deps } from '../functions/deps.js';
import { dlqName, type QueueName } from '../infra/definitions.js';
import { partsOf } from './parts.js';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: FailureReason };

const EVENT_TYPES = new Set<string>(anyEvent.options.map((o) => o.shape.type.value));

/** JSON, then a known `type`, then the schema of that type. */
export function parseEvent(body: string): Parsed<IncomingEvent> {
  const json = parseJson(body);
  if (!json.ok) return json;
  const type = (json.value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) {
    const message = typeof type === 'string' ? `unknown event type '${type}'` : 'the message has no string "type"';
    return { ok: false, reason: { code: 'event.unknown_type', message, errors: [{ path: 'type', message }], permanent: true } };
  }
  return fromSchema(anyEvent, json.value, 'event.invalid', `invalid ${type} event`);
}

export function parseJson(body: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const message = `body is not JSON: ${(error as Error).message}`;
    return { ok: false, reason: { code: 'message.malformed_json', message, errors: [{ message }], permanent: true } };
  }
}

export function fromSchema<T>(schema: z.ZodType<T>, value: unknown, code: string, what: string): Parsed<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  return { ok: false, reason: { code, message: `${what}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors, permanent: true } };
}

export function reasonOf(error: unknown): FailureReason {
  if (error instanceof DomainError) return { code: error.code, message: error.message, errors: [{ code: error.code, message: error.message }], permanent: false };
  if (error instanceof InfraError) return { code: error.code, message: error.message, errors: [{ code: error.code, message: error.message }], permanent: false };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: 'internal', message, errors: [{ message }], permanent: false };
}

/** The record handler Powertools' BatchProcessor calls for each message of `queue`. */
function recordHandler<T>(deps: Deps, queue: QueueName, parse: (body: string) => Parsed<T>, work: (value: T) => Promise<unknown>): (record: SQSRecord) => Promise<void> {
  const { dlq } = partsOf(deps);
  return async (record) => {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount) || null;
    const base = { queue, messageId: record.messageId, body: record.body ?? '', receiveCount };
    const parsed = parse(record.body ?? '');
    if (!parsed.ok) {
      deps.logger.error('message rejected: sent to the dead-letter queue', { ...base, body: undefined, reason: parsed.reason });
      // Reason first, so it is there by the time anyone sees the message in the DLQ.
      await dlq.record({ ...base, reason: parsed.reason, deadLettered: true });
      await dlq.deadLetter({ dlqUrl: deps.queueUrls[dlqName(queue)], queue, messageId: record.messageId, body: base.body, reason: parsed.reason });
      return;
    }
    try {
      await work(parsed.value);
    } catch (error) {
      const reason = reasonOf(error);
      deps.logger.warn('message failed; SQS will redeliver it', { ...base, body: undefined, reason });
      await dlq.record({ ...base, reason, deadLettered: false }).catch((e: unknown) => deps.logger.error('could not record the failure', { messageId: record.messageId, error: String(e) }));
      throw error;
    }
  };
}

/** An SQS batch handler: Powertools' BatchProcessor with partial batch failures (a fresh processor per batch, so concurrent invocations never share one). */
export function sqsBatchHandler<T>(deps: Deps, queue: QueueName, parse: (body: string) => Parsed<T>, work: (value: T) => Promise<unknown>) {
  const handle = recordHandler(deps, queue, parse, work);
  // A fully failed batch is answered with every id in batchItemFailures rather than thrown: same effect for SQS, readable for the runner.
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handle, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false });
}
