/**
 * The adapters' error (STYLE 8): a code of the one vocabulary (domain/errors.ts) in the
 * infrastructure namespaces (`store.conflict`, `queue.unavailable`, …) and `match(prefix)`.
 * Adapters translate SDK errors into it; rule outcomes never use it.
 */
import { CodedError, matchCode, type ErrorCode } from '../domain/errors.js';

export type InfraCode = Extract<ErrorCode, `${'store' | 'queue' | 'mail' | 'access' | 'outbox' | 'config'}.${string}`>;

export class InfraError extends CodedError<InfraCode> {
  override readonly name = 'InfraError';
  constructor(
    code: InfraCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }

  static is(error: unknown, prefix?: string): error is InfraError {
    return error instanceof InfraError && (prefix === undefined || matchCode(error.code, prefix));
  }
}

/** SDK error names that mean "slow down", whatever the service. */
const THROTTLING = new Set([
  'ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TooManyRequestsException', 'Throttling', 'LimitExceededException',
]);

/**
 * Wraps an SDK failure: keeps an InfraError as is; an item over DynamoDB's 400 KB becomes
 * `store.too_large` (permanent), throttling `store.throttled` for a store call; anything else
 * gets `code` (the unavailable code of the service), with the SDK's name in the message.
 */
export function translate(error: unknown, code: InfraCode, what: string): InfraError {
  if (error instanceof InfraError) return error;
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  const message = (error as { message?: string } | null)?.message ?? String(error);
  const store = matchCode(code, 'store');
  const actual: InfraCode =
    store && name === 'ValidationException' && /item size|maximum allowed size|exceeds? .*size/i.test(message) ? 'store.too_large'
    : store && THROTTLING.has(name) ? 'store.throttled'
    : code;
  return new InfraError(actual, `${what}: ${name}: ${message}`, { sdkError: name }, { cause: error });
}
