/**
 * The one error vocabulary (STYLE 8): every code any layer raises or records — domain, adapters,
 * API, dead letters — is listed here once, namespaced (`store.conflict`), with what a consumer of
 * a queue does about it:
 *
 * - `permanent`: no retry can cure it (schema, bounds, too large, conflicting identity, wrong
 *   queue): dead-lettered at once with its reason.
 * - `transient`: the world may change (throttling, network, a version conflict): retried with
 *   backoff, dead-lettered by SQS after maxReceiveCount.
 * - `waiting`: what the event refers to does not exist yet: parked until it does, dead-lettered
 *   after the parking horizon.
 * - `answer`: an HTTP answer of the partner API (`api.not_found` is sent as `not_found`).
 *
 * Each layer has one error type sharing these codes (DomainError here, InfraError in adapters/,
 * ApiError in api/); `matchCode(code, prefix)` and each type's `match(prefix)` test a namespace.
 */

export const ERROR_CODES = {
  // Messages and incoming events (the queue consumers' edge).
  'message.malformed_json': 'permanent',
  'message.invalid': 'permanent',
  'event.unknown_type': 'permanent',
  'event.invalid': 'permanent',
  'event.out_of_bounds': 'permanent',
  'event.out_of_window': 'permanent',
  'event.wrong_queue': 'permanent',
  'event.id_reused': 'permanent',
  'event.unknown': 'permanent',
  'event.parked_too_long': 'permanent',
  'outbox.invalid': 'permanent',
  // Domain: references not (yet) known wait for their parent.
  'customer.unknown': 'waiting',
  'subscription.unknown': 'waiting',
  'payment.unknown': 'waiting',
  'invoice.unknown': 'waiting',
  'customer.conflict': 'permanent',
  'customer.mismatch': 'permanent',
  'terms.unknown': 'permanent',
  // A provider terms profile the store refuses (CLI `terms add`).
  'terms.invalid': 'permanent',
  'terms.preset': 'permanent',
  'terms.version_exists': 'permanent',
  'clock.runaway': 'permanent',
  // Infrastructure (adapters translate SDK errors into these).
  'store.conflict': 'transient',
  'store.duplicate': 'transient',
  'store.throttled': 'transient',
  'store.unavailable': 'transient',
  'store.invalid': 'permanent',
  'store.too_large': 'permanent',
  'queue.unavailable': 'transient',
  'queue.partial': 'transient',
  'mail.unavailable': 'transient',
  'mail.rejected': 'permanent',
  'access.unavailable': 'transient',
  'outbox.missing': 'transient',
  'outbox.leased': 'transient',
  'config.invalid': 'permanent',
  /** An error nobody translated (a bug or an unforeseen SDK error): retried, then dead-lettered by SQS. */
  internal: 'transient',
  // The partner API's answers (the wire code is the part after `api.`).
  'api.invalid_request': 'answer',
  'api.invalid_cursor': 'answer',
  'api.unauthorized': 'answer',
  'api.not_found': 'answer',
  'api.method_not_allowed': 'answer',
  'api.conflict': 'answer',
  'api.idempotency_key_in_use': 'answer',
  'api.idempotency_key_reused': 'answer',
  'api.rate_limited': 'answer',
  'api.unavailable': 'answer',
  'api.internal': 'answer',
} as const satisfies Record<string, ErrorClass>;

export type ErrorClass = 'permanent' | 'transient' | 'waiting' | 'answer';
export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `code` is `prefix` or lies under it: `matchCode('store.conflict', 'store')`. */
export function matchCode(code: string, prefix: string): boolean {
  return code === prefix || code.startsWith(`${prefix}.`);
}

export function classOf(code: ErrorCode): ErrorClass {
  return ERROR_CODES[code];
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** The shape every layer's error shares: a code of the list and `match(prefix)`. */
export abstract class CodedError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  match(prefix: string): boolean {
    return matchCode(this.code, prefix);
  }

  get errorClass(): ErrorClass {
    return classOf(this.code);
  }
}

/** A rule could not be applied to the event as it stands (an unknown reference, a mismatch). */
export class DomainError extends CodedError {
  override readonly name = 'DomainError';
  constructor(code: ErrorCode, message: string) {
    super(code, message);
  }

  static is(error: unknown, prefix?: string): error is DomainError {
    return error instanceof DomainError && (prefix === undefined || error.match(prefix));
  }
}
