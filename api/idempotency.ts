/**
 * Idempotency keys of the partner API's writes, as Stripe honours them: the same key with the same
 * request answers the first answer again (status and body, with `Idempotent-Replayed: true`); the
 * same key with another request is 422; keys are per reseller and kept 24 hours; without a key every
 * request is a new event. A request that is refused before it queues anything (400, 404, 409) keeps
 * no answer, so it may be retried with the same key once corrected.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IdempotencyBegin, IdempotencyKeys, StoredResponse } from '../app/ports.js';
import { ApiError, invalid, type Response } from './http.js';

/** Stripe allows up to 255 characters; printable ASCII without spaces (UUIDs, ULIDs, your own ids). */
const KEY = /^[\x21-\x7e]{1,255}$/;
/** How long a request waits for a concurrent one with the same key to answer, before 409. */
const WAIT_FOR_RUNNING_MS = 3_000;
const POLL_MS = 50;

export interface WriteRequest {
  readonly resellerId: string;
  /** The Idempotency-Key header, if any. */
  readonly key: string | undefined;
  /** Where the key came from when not the header: a body field (a usage record's id, already validated), named in the 422. */
  readonly keyField?: string;
  readonly method: string;
  readonly path: string;
  /** The JSON body as sent (before defaults): the same body in any key order or spacing is the same request. */
  readonly body: unknown;
  /** The clock's now: the event's occurredAt unless the key's first request fixed it. */
  readonly now: string;
}

/** Runs a write once per key: `run` receives the event id and instant to queue with. */
export async function idempotent(
  keys: IdempotencyKeys,
  request: WriteRequest,
  run: (event: { id: string; at: string }) => Promise<Response>,
  log: { warn: (message: string, extra: Record<string, unknown>) => void },
): Promise<Response> {
  const fresh = { id: `api_${randomUUID()}`, at: request.now };
  if (request.key === undefined) return run(fresh);
  if (request.keyField === undefined && !KEY.test(request.key)) throw invalid([{ in: 'header', field: 'Idempotency-Key', message: '1–255 printable ASCII characters without spaces' }]);
  const { key, resellerId } = request;
  const requestHash = hashOf(request);

  let begun: IdempotencyBegin = await keys.begin({ resellerId, key, requestHash, eventId: fresh.id, at: fresh.at });
  for (let waited = 0; begun.kind === 'running' && begun.requestHash === requestHash && waited < WAIT_FOR_RUNNING_MS; waited += POLL_MS) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    // Released meanwhile (the other request was refused): this one may run.
    begun = (await keys.peek(resellerId, key)) ?? (await keys.begin({ resellerId, key, requestHash, eventId: fresh.id, at: fresh.at }));
  }
  if (begun.kind !== 'started' && begun.requestHash !== requestHash && request.keyField !== undefined) {
    throw new ApiError('api.idempotency_key_reused', `${request.keyField} was used in the last 24 hours for another request; send a new ${request.keyField} with a new record`, [
      { in: 'body', field: request.keyField, message: 'used before with another path or body' },
    ]);
  }
  if (begun.kind !== 'started' && begun.requestHash !== requestHash) {
    throw new ApiError('api.idempotency_key_reused', `Idempotency-Key '${key}' was used in the last 24 hours for another request; send a new key with a new request`, [
      { in: 'header', field: 'Idempotency-Key', message: 'used before with another method, path or body' },
    ]);
  }
  if (begun.kind === 'running') {
    const what = request.keyField === undefined ? `Idempotency-Key '${key}'` : `this ${request.keyField}`;
    throw new ApiError('api.idempotency_key_in_use', `a request with ${what} is still being processed; retry shortly`, null, { 'retry-after': '1' });
  }
  if (begun.kind === 'done') return replayed(begun.response);

  let response: Response;
  try {
    response = await run({ id: begun.eventId, at: begun.at });
  } catch (error) {
    // Refused before anything was queued, or the queue failed: give the key back for a retry (same event id if it did reach the queue).
    await keys.release(resellerId, key, begun.token).catch((e: unknown) => log.warn('could not release an idempotency key', { error: String(e) }));
    throw error;
  }
  const stored: StoredResponse = { status: response.statusCode, body: String(response.body ?? ''), headers: pick(response.headers, ['location']) };
  // Not kept: a retry after the lease takes over and queues the same event again (a duplicate the pipeline ignores).
  await keys.complete(resellerId, key, begun.token, stored).catch((e: unknown) => log.warn('could not keep an idempotent answer', { error: String(e) }));
  return { ...response, headers: { ...response.headers, 'idempotent-replayed': 'false' } };
}

function replayed(stored: StoredResponse): Response {
  return {
    statusCode: stored.status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...stored.headers, 'idempotent-replayed': 'true' },
    body: stored.body,
  };
}

function pick(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => names.includes(k.toLowerCase())));
}

/** sha256 of method, path and the canonical JSON of the body (keys sorted). */
export function hashOf(request: Pick<WriteRequest, 'method' | 'path' | 'body'>): string {
  return createHash('sha256').update(`${request.method} ${request.path}\n${canonical(request.body)}`).digest('base64url');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
