/**
 * The one infrastructure error (STYLE 8): a namespaced `code` (`store.conflict`,
 * `store.unavailable`, `queue.unavailable`, `mail.unavailable`, …) and `match(prefix)`.
 * Adapters translate SDK errors into it; rule outcomes never use it.
 */
export type InfraCode =
  | 'store.conflict'
  | 'store.duplicate'
  | 'store.unavailable'
  | 'store.invalid'
  | 'store.too_large'
  | 'queue.unavailable'
  | 'queue.partial'
  | 'mail.unavailable'
  | 'mail.rejected'
  | 'access.unavailable'
  | 'outbox.missing'
  | 'outbox.leased'
  | 'config.invalid';

export class InfraError extends Error {
  override readonly name = 'InfraError';
  constructor(
    readonly code: InfraCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when the code is `prefix` or lies under it: `match('store')` matches `store.conflict`. */
  match(prefix: string): boolean {
    return this.code === prefix || this.code.startsWith(`${prefix}.`);
  }

  static is(error: unknown, prefix?: string): error is InfraError {
    return error instanceof InfraError && (prefix === undefined || error.match(prefix));
  }
}

/** Wraps an SDK failure: keeps an InfraError as is, else gives it `code` with the SDK's name. */
export function translate(error: unknown, code: InfraCode, what: string): InfraError {
  if (error instanceof InfraError) return error;
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  const message = (error as { message?: string } | null)?.message ?? String(error);
  return new InfraError(code, `${what}: ${name}: ${message}`, { sdkError: name }, { cause: error });
}
