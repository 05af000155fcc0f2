/** Responses and the one error shape of the partner API: `{"error": {"code", "message", "details"}}`. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { errorResponse } from './schemas.js';

export type ErrorCode = z.infer<typeof errorResponse>['error']['code'];
export type Response = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400, invalid_cursor: 400, unauthorized: 401, not_found: 404, method_not_allowed: 405,
  rate_limited: 429, unavailable: 503, internal: 500,
};

/** An answer other than success, thrown by a route and turned into the error shape by the router. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what: string, id: string) => new ApiError('not_found', `${what} '${id}' not found`);

/** A field error as `details` lists them. */
export interface FieldError {
  in: 'path' | 'query' | 'body' | 'header';
  field: string;
  message: string;
}

export function invalid(errors: FieldError[]): ApiError {
  const summary = errors.slice(0, 3).map((e) => `${e.in}${e.field ? `.${e.field}` : ''}: ${e.message}`).join('; ');
  return new ApiError('invalid_request', `invalid request: ${summary}`, errors);
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Response {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

export function errorJson(error: ApiError, headers: Record<string, string> = {}): Response {
  const extra: Record<string, string> = error.code === 'unauthorized' ? { 'www-authenticate': 'Bearer' } : {};
  return json(error.status, { error: { code: error.code, message: error.message, details: error.details ?? null } }, { ...extra, ...error.headers, ...headers });
}
