/**
 * An API of routes as one function of an API Gateway HTTP API (payload v2) event: match the
 * route, authenticate the key, rate-limit it, validate path, query and body with the route's
 * zod schemas, run the route, and answer every failure in the one error shape. The partner API
 * (api/router.ts) and the invoice documents (api/document-api.ts) are two such APIs, so the
 * documents' libraries stay out of the partner API's bundle and the routes out of theirs.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { ApiKeys } from '../adapters/api-keys.js';
import { CodedError } from '../domain/errors.js';
import { ApiError, errorJson, invalid, json, type FieldError, type Response } from './http.js';
import { idempotent } from './idempotency.js';
import type { RateLimit } from './rate-limit.js';
import type { FileBody, Route, RouteContext } from './routes.js';

interface Compiled {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: string[];
}

const compile = (routes: readonly Route[]): Compiled[] => routes.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});

/** A file a route answers (PDF, XML): the bytes base64-encoded as API Gateway wants binary bodies. */
function file(result: FileBody, headers: Record<string, string>): Response {
  const bytes = typeof result.body === 'string' ? Buffer.from(result.body, 'utf8') : Buffer.from(result.body);
  return {
    statusCode: 200,
    headers: { 'content-type': result.contentType, 'content-disposition': `${result.disposition ?? 'attachment'}; filename="${result.fileName}"`, 'cache-control': 'private, no-store', ...headers },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  };
}

function fieldErrors(where: FieldError['in'], error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...issue.path.map(String), ...(keys.length ? [keys.join(',')] : [])].join('.');
    return { in: where, field, message: issue.message };
  });
}

function parse<T extends z.ZodType>(schema: T, where: FieldError['in'], value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(fieldErrors(where, result.error));
  return result.data;
}

function queryOf(event: APIGatewayProxyEventV2): Record<string, string> {
  const out: Record<string, string> = {};
  const repeated: FieldError[] = [];
  for (const [key, value] of new URLSearchParams(event.rawQueryString ?? '')) {
    if (key in out) repeated.push({ in: 'query', field: key, message: 'given more than once' });
    out[key] = value;
  }
  if (repeated.length) throw invalid(repeated);
  return out;
}

function bodyOf(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid([{ in: 'body', field: '', message: 'not valid JSON' }]);
  }
}

function lowerHeaders(event: APIGatewayProxyEventV2): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

export interface ApiOptions {
  readonly apiKeys: Pick<ApiKeys, 'resolve'>;
  readonly rateLimit: RateLimit;
}

/** What an API answers before routing, without a key (the OpenAPI document, the docs page), or null. */
export type Unauthenticated = (method: string, path: string) => Response | Promise<Response> | null;

export function apiHandler(ctx: RouteContext, options: ApiOptions, routes: readonly Route[], open: Unauthenticated = () => null): (event: APIGatewayProxyEventV2) => Promise<Response> {
  const compiled = compile(routes);
  async function dispatch(event: APIGatewayProxyEventV2): Promise<Response> {
    const method = event.requestContext?.http?.method?.toUpperCase() ?? 'GET';
    const path = (event.rawPath || '/').replace(/\/+$/, '') || '/';
    const early = open(method, path);
    if (early !== null) return early;

    let match: { c: Compiled; values: string[] } | null = null;
    const allowed: string[] = [];
    for (const c of compiled) {
      const m = c.pattern.exec(path);
      if (!m) continue;
      if (c.route.method !== method) {
        allowed.push(c.route.method);
        continue;
      }
      match = { c, values: m.slice(1) };
      break;
    }
    if (!match) {
      if (allowed.length) throw new ApiError('api.method_not_allowed', `${method} is not allowed on ${path}`, null, { allow: allowed.join(', ') });
      throw new ApiError('api.not_found', `no endpoint ${method} ${path}; see /v1/openapi.json`);
    }

    const headers = lowerHeaders(event);
    const auth = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
    if (!auth) throw new ApiError('api.unauthorized', 'missing API key: send Authorization: Bearer <api key>');
    const key = await options.apiKeys.resolve(auth[1]!);
    if (!key) throw new ApiError('api.unauthorized', 'unknown or revoked API key');
    const taken = options.rateLimit.take(key.keyHash);
    if (!taken.allowed) {
      throw new ApiError('api.rate_limited', `rate limit of ${options.rateLimit.limit.perSecond} requests per second exceeded; retry after ${taken.retryAfterSeconds} s`, null, { 'retry-after': String(taken.retryAfterSeconds) });
    }

    const { route } = match.c;
    const rawParams: Record<string, string> = {};
    for (const [i, name] of match.c.names.entries()) {
      try {
        rawParams[name] = decodeURIComponent(match.values[i]!);
      } catch {
        throw invalid([{ in: 'path', field: name, message: 'not a valid percent-encoded value' }]);
      }
    }
    const rawBody = route.body ? bodyOf(event) : {};
    const input = {
      caller: { resellerId: key.resellerId },
      path: parse(route.params, 'path', rawParams),
      query: parse(route.query, 'query', queryOf(event)),
      body: route.body ? parse(route.body, 'body', rawBody) : {},
      headers,
    };
    const limits = { 'x-ratelimit-limit': String(options.rateLimit.limit.perSecond), 'x-ratelimit-remaining': String(taken.remaining) };
    const now = ctx.deps.clock.now();
    if (route.method === 'GET') {
      const result = await route.handle(ctx, { ...input, event: { id: '', at: now } });
      return route.produces ? file(result as FileBody, limits) : json(route.status, result, limits);
    }
    // A write queues one event: once per Idempotency-Key (api/idempotency.ts), and answers where to follow it.
    if (!ctx.writes) throw new ApiError('api.internal', `${method} ${path} needs the write bookkeeping, which this API was not given`);
    const write = async (e: { id: string; at: string }) => {
      const result = await route.handle(ctx, { ...input, event: e });
      const eventId = (result as { eventId?: unknown }).eventId;
      return json(route.status, result, typeof eventId === 'string' ? { location: `/v1/events/${encodeURIComponent(eventId)}` } : {});
    };
    const implied = route.idempotencyKey;
    const idempotency = implied ? { key: implied.of({ path: input.path, body: input.body }), keyField: implied.field } : { key: headers['idempotency-key'] };
    const response = await idempotent(ctx.writes.idempotency, { resellerId: key.resellerId, ...idempotency, method, path, body: rawBody, now }, write, ctx.deps.logger);
    return { ...response, headers: { ...response.headers, ...limits } };
  }

  return async (event) => {
    try {
      return await dispatch(event);
    } catch (error) {
      if (error instanceof ApiError) return errorJson(error);
      // A transient fault of a backing service (store.unavailable, store.throttled, queue.unavailable, …): retry shortly.
      if (error instanceof CodedError && error.errorClass === 'transient' && (error.match('store') || error.match('queue'))) {
        ctx.deps.logger.error('dependency unavailable', { error: String(error) });
        return errorJson(new ApiError('api.unavailable', 'a backing service is unavailable; retry shortly'), { 'retry-after': '1' });
      }
      ctx.deps.logger.error('unexpected error in the partner API', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return errorJson(new ApiError('api.internal', 'internal error'));
    }
  };
}
