/** Responses and the one error shape of the partner API: `{"error": {"code", "message", "details"}}`. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CodedError, ERROR_CODES, type ErrorCode } from '../domain/errors.js';

/** The API's codes of the one vocabulary (domain/errors.ts); on the wire without the `api.` prefix. */
export type ApiCode = Extract<ErrorCode, `api.${string}`>;
export type WireCode = ApiCode extends `api.${infer W}` ? W : never;
export type Response = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

const STATUS: Record<ApiCode, number> = {
  'api.invalid_request': 400, 'api.invalid_cursor': 400, 'api.unauthorized': 401, 'api.not_found': 404, 'api.method_not_allowed': 405,
  'api.conflict': 409, 'api.idempotency_key_in_use': 409, 'api.idempotency_key_reused': 422,
  'api.rate_limited': 429, 'api.unavailable': 503, 'api.internal': 500,
};

/** The codes the error shape may carry (api/schemas.ts `Error`, OpenAPI). */
export const WIRE_CODES = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c): c is ApiCode => c.startsWith('api.')).map((c) => wireCode(c)) as [WireCode, ...WireCode[]];

export function wireCode(code: ApiCode): WireCode {
  return code.slice('api.'.length) as WireCode;
}

/** An answer other than success, thrown by a route and turned into the error shape by the router. */
export class ApiError extends CodedError<ApiCode> {
  override readonly name = 'ApiError';
  constructor(
    code: ApiCode,
    message: string,
    readonly details: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what: string, id: string) => new ApiError('api.not_found', `${what} '${id}' not found`);

/** A field error as `details` lists them. */
export interface FieldError {
  in: 'path' | 'query' | 'body' | 'header';
  field: string;
  message: string;
}

export function invalid(errors: FieldError[]): ApiError {
  const summary = errors.slice(0, 3).map((e) => `${e.in}${e.field ? `.${e.field}` : ''}: ${e.message}`).join('; ');
  return new ApiError('api.invalid_request', `invalid request: ${summary}`, errors);
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Response {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

export function errorJson(error: ApiError, headers: Record<string, string> = {}): Response {
  const extra: Record<string, string> = error.code === 'api.unauthorized' ? { 'www-authenticate': 'Bearer' } : {};
  return json(error.status, { error: { code: wireCode(error.code), message: error.message, details: error.details ?? null } }, { ...extra, ...error.headers, ...headers });
}
