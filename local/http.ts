/**
 * The local HTTP front door: one server on the API port with
 *  - `/dev/clock`, `/dev/drain` (README.md, running locally) and `/dev/access` (the
 *    access events published for provisioning systems, as recorded locally);
 *  - a small API Gateway (HTTP API, payload 2.0) adapter: each request becomes an
 *    APIGatewayProxyEventV2 for the handler of the matching route in local/routes.ts.
 * Thin: no rules. Anything else answers 404 in the API's error shape.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyHandlerV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { Deps } from '../functions/deps.js';
import type { SimulatedClock } from './clock.js';
import { type HttpRoute, httpRoutes } from './routes.js';
import { DrainTimeoutError, LOCAL_ACCOUNT_ID, lambdaContext, type Runner } from './runner.js';

export interface LocalHttpOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  deps: Deps;
  clock: SimulatedClock;
  runner: Runner;
  routes?: readonly HttpRoute[];
  /**
   * /dev/clock and /dev/drain give up (504) only when the pipeline made no progress for this long
   * while not drained; as long as messages are being handled they wait. Default 120 s.
   */
  drainTimeoutMs?: number;
  /** POST /dev/clock answers 200 with the result if the move finishes within this; else 202 with its progress and where to poll. Default 100 s. */
  answerWithinMs?: number;
  /** Called after /dev/clock moved the clock (npm start persists it). */
  onClockSet?: (now: string) => void;
  log?: (message: string) => void;
}

export interface LocalHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024; // API Gateway's payload limit
const API_ID = 'local';

type Json = Record<string, unknown>;

export async function startHttpServer(options: LocalHttpOptions): Promise<LocalHttpServer> {
  const routes = compileRoutes(options.routes ?? httpRoutes);
  const handlers = new Map<CompiledRoute, Promise<APIGatewayProxyHandlerV2>>();
  const drainTimeoutMs = options.drainTimeoutMs ?? 120_000;
  const log = options.log ?? ((message: string) => console.error(`[http] ${message}`));
  const answerWithinMs = options.answerWithinMs ?? 100_000;
  // One clock move at a time: each answers after its own sweep and drain.
  let clockChain: Promise<unknown> = Promise.resolve();
  const moves = new Map<string, ClockMove>();

  /** Drains; a drain that runs long is fine while messages are being handled, and gives up only after `drainTimeoutMs` without progress. */
  const drainWhileWorking = async (onProgress: (busy: Record<string, number>) => void): Promise<{ processed: number; failed: number }> => {
    const before = handled(options.runner);
    let seen = before.succeeded + before.failed;
    let progressAt = Date.now();
    for (;;) {
      try {
        await options.runner.drain({ timeoutMs: Math.min(5_000, drainTimeoutMs) });
        const after = handled(options.runner);
        return { processed: after.succeeded - before.succeeded, failed: after.failed - before.failed };
      } catch (e) {
        if (!(e instanceof DrainTimeoutError)) throw e;
        const nowHandled = handled(options.runner);
        if (nowHandled.succeeded + nowHandled.failed > seen) {
          seen = nowHandled.succeeded + nowHandled.failed;
          progressAt = Date.now();
        } else if (Date.now() - progressAt > drainTimeoutMs) {
          throw new DrainTimeoutError(Date.now() - progressAt, e.busy);
        }
        onProgress(e.busy);
      }
    }
  };

  const startMove = (now: string): ClockMove => {
    const id = randomUUID().slice(0, 8);
    const startedAt = Date.now();
    const base = handled(options.runner);
    let status: 'working' | 'done' | 'failed' = 'working';
    let busy: Record<string, number> = {};
    let outcome: Json | null = null;
    const done = clockChain.then(async () => {
      const set = options.clock.set(now);
      options.onClockSet?.(set);
      // Count from before the sweep: its messages may be handled before drain() begins.
      const before = handled(options.runner);
      await options.runner.runSweep();
      await drainWhileWorking((b) => void (busy = b));
      const after = handled(options.runner);
      return { now: set, processed: after.succeeded - before.succeeded, failed: after.failed - before.failed };
    });
    done.then(
      (result) => {
        status = 'done';
        outcome = result;
      },
      (e: unknown) => {
        status = 'failed';
        outcome = { error: e instanceof Error ? e.message : String(e) };
      },
    );
    clockChain = done.catch(() => undefined);
    const move: ClockMove = {
      id,
      done,
      progress: () => {
        const h = handled(options.runner);
        return {
          status, to: now, elapsedMs: Date.now() - startedAt, processedSoFar: h.succeeded - base.succeeded, failedSoFar: h.failed - base.failed,
          ...(status === 'working' ? { busy } : { result: outcome }),
        };
      },
    };
    moves.set(id, move);
    // Forget finished moves after a while; the map only serves polling.
    void done.catch(() => undefined).then(() => setTimeout(() => moves.delete(id), 3_600_000).unref());
    return move;
  };

  const handlerOf = (route: CompiledRoute): Promise<APIGatewayProxyHandlerV2> => {
    let handler = handlers.get(route);
    if (handler === undefined) {
      handler = route.route.load().then((factory) => factory(options.deps));
      handler.catch(() => handlers.delete(route));
      handlers.set(route, handler);
    }
    return handler;
  };

  const dev = async (method: string, path: string, url: URL, body: Buffer): Promise<[number, Json] | null> => {
    if (path === '/dev/clock' && method === 'GET') return [200, { now: options.clock.now() }];
    if (path === '/dev/clock' && method === 'POST') {
      const parsed = parseJson(body);
      const now = (parsed as { now?: unknown } | undefined)?.now;
      if (typeof now !== 'string') return [400, error('invalid_request', 'body must be {"now": "<ISO-8601 instant>"}', [{ path: 'now', message: 'required, an ISO-8601 instant with an offset' }])];
      const move = startMove(now);
      const settled = await Promise.race([move.done.then(() => true, () => true), sleep(answerWithinMs).then(() => false)]);
      if (!settled) return [202, { status: 'working', move: move.id, poll: `/dev/clock/moves/${move.id}`, ...move.progress() }];
      try {
        return [200, await move.done];
      } catch (e) {
        if (e instanceof RangeError) return [400, error('invalid_request', e.message, [{ path: 'now', message: e.message }])];
        throw e;
      }
    }
    const moveMatch = /^\/dev\/clock\/moves\/([\w-]+)$/.exec(path);
    if (moveMatch && method === 'GET') {
      const move = moves.get(moveMatch[1]!);
      if (move === undefined) return [404, error('not_found', `no clock move ${moveMatch[1]!}`, [])];
      return [200, { move: move.id, ...move.progress() }];
    }
    if (path === '/dev/drain' && method === 'POST') {
      await clockChain;
      const drained = await drainWhileWorking(() => undefined);
      return [200, { now: options.clock.now(), processed: drained.processed, failed: drained.failed }];
    }
    if (path === '/dev/access' && method === 'GET') {
      return [200, { items: await accessEvents(options.deps, url.searchParams.get('subscriptionId')) }];
    }
    if (path === '/dev/stats' && method === 'GET') return [200, { now: options.clock.now(), runner: options.runner.stats() }];
    return null;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    if (url.pathname.startsWith('/dev/')) {
      const answer = await dev(method, url.pathname, url, body);
      if (answer !== null) return sendJson(res, answer[0], answer[1]);
    }
    const match = matchRoute(routes, method, url.pathname);
    if (match === null) {
      return sendJson(res, 404, error('not_found', `no route for ${method} ${url.pathname}`, []));
    }
    const event = toApiGatewayEvent(req, url, body, match.route.route, match.pathParameters);
    const handler = await handlerOf(match.route);
    const result = await callHandler(handler, event, lambdaContext(`looptijd-http`));
    sendResult(res, result);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof BodyTooLarge) return sendJson(res, 413, error('payload_too_large', e.message, []));
      if (e instanceof DrainTimeoutError) return sendJson(res, 504, error('drain_timeout', e.message, [e.busy]));
      log(`${req.method} ${req.url} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      // What API Gateway answers when the integration fails.
      if (!res.headersSent) sendJson(res, 500, error('internal', e instanceof Error ? e.message : String(e), []));
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(e.code === 'EADDRINUSE' ? new Error(`port ${options.port} is in use (set API_PORT)`) : e),
    );
    server.listen(options.port, host, () => done());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** Access events recorded locally (`SUB#<sid>` / `ACCESS#…` items), oldest first. */
async function accessEvents(deps: Pick<Deps, 'clients' | 'tableName'>, subscriptionId: string | null): Promise<Json[]> {
  const items: Json[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page =
      subscriptionId !== null
        ? await deps.clients.doc.send(
            new QueryCommand({
              TableName: deps.tableName,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':pk': `SUB#${subscriptionId}`, ':prefix': 'ACCESS#' },
              ExclusiveStartKey: start,
            }),
          )
        : // A local debugging view over a local table: a filtered scan is acceptable here, never in a handler.
          await deps.clients.doc.send(
            new ScanCommand({
              TableName: deps.tableName,
              FilterExpression: 'begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':prefix': 'ACCESS#' },
              ExclusiveStartKey: start,
            }),
          );
    items.push(...((page.Items ?? []) as Json[]));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items
    .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
    .map(({ pk, sk, ...rest }) => ({ subscriptionId: String(pk).replace(/^SUB#/, ''), ...rest, sk }));
}

interface ClockMove {
  readonly id: string;
  readonly done: Promise<{ now: string; processed: number; failed: number }>;
  progress(): Json;
}

const sleep = (ms: number) => new Promise<void>((resolveSleep) => setTimeout(resolveSleep, ms).unref());

function handled(runner: Runner): { succeeded: number; failed: number } {
  let succeeded = 0;
  let failed = 0;
  for (const q of Object.values(runner.stats().queues)) {
    succeeded += q.succeeded;
    failed += q.failed;
  }
  return { succeeded, failed };
}

// ---------------------------------------------------------------------------------------------
// Routing

interface CompiledRoute {
  route: HttpRoute;
  method: string;
  segments: Array<{ kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string }>;
  /** Higher is more specific. */
  rank: number[];
}

function compileRoutes(routes: readonly HttpRoute[]): CompiledRoute[] {
  const compiled = routes.map((route): CompiledRoute => {
    const parts = route.path.split('/').filter((p) => p !== '');
    const segments = parts.map((part, i) => {
      const param = /^\{([A-Za-z0-9_]+)(\+)?\}$/.exec(part);
      if (param === null) return { kind: 'literal' as const, value: part };
      if (param[2] === '+') {
        if (i !== parts.length - 1) throw new Error(`route ${route.path}: a greedy {${param[1]}+} must be the last segment`);
        return { kind: 'greedy' as const, name: param[1]! };
      }
      return { kind: 'param' as const, name: param[1]! };
    });
    const method = route.method.toUpperCase();
    return {
      route,
      method,
      segments,
      rank: [...segments.map((s) => (s.kind === 'literal' ? 3 : s.kind === 'param' ? 2 : 1)), method === 'ANY' ? 0 : 1],
    };
  });
  return compiled.sort((a, b) => {
    for (let i = 0; i < Math.max(a.rank.length, b.rank.length); i++) {
      const d = (b.rank[i] ?? 0) - (a.rank[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
}

function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  rawPath: string,
): { route: CompiledRoute; pathParameters: Record<string, string> } | null {
  const parts = rawPath.split('/').filter((p) => p !== '');
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const params: Record<string, string> = {};
    let ok = true;
    let i = 0;
    for (const segment of route.segments) {
      if (segment.kind === 'greedy') {
        if (i >= parts.length) ok = false;
        else params[segment.name] = parts.slice(i).map(decode).join('/');
        i = parts.length;
        break;
      }
      const part = parts[i++];
      if (part === undefined) {
        ok = false;
        break;
      }
      if (segment.kind === 'literal' ? segment.value !== part : ((params[segment.name] = decode(part)), false)) {
        ok = false;
        break;
      }
    }
    if (ok && i === parts.length) return { route, pathParameters: params };
  }
  return null;
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

// ---------------------------------------------------------------------------------------------
// API Gateway HTTP API, payload format 2.0

const TEXT_TYPES = /^(text\/|application\/(json|[^;]*\+json|x-www-form-urlencoded|xml|javascript))/i;

function toApiGatewayEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  route: HttpRoute,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === 'cookie') {
      cookies = [...(cookies ?? []), ...value.split(';').map((c) => c.trim()).filter((c) => c !== '')];
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const method = (req.method ?? 'GET').toUpperCase();
  const routeKey = `${route.method.toUpperCase()} ${route.path}`;
  const now = new Date();
  const text = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  const host = headers.host ?? 'localhost';
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies !== undefined ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: API_ID,
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !text,
  };
}

function callHandler(handler: APIGatewayProxyHandlerV2, event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> {
  return new Promise((done, fail) => {
    let settled = false;
    const callback = (err?: unknown, result?: APIGatewayProxyResultV2) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) fail(err);
      else done(result as APIGatewayProxyResultV2);
    };
    try {
      const returned = handler(event, context, callback as never);
      if (returned !== undefined && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<APIGatewayProxyResultV2>).then((r) => callback(undefined, r), (e: unknown) => callback(e ?? new Error('handler rejected')));
      }
    } catch (e) {
      callback(e);
    }
  });
}

/** API Gateway's reading of a payload 2.0 result: a structured result, or anything else as a 200 JSON body. */
function sendResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (result === undefined || result === null || typeof result !== 'object' || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies !== undefined && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? '' : result.isBase64Encoded === true ? Buffer.from(result.body, 'base64') : result.body;
  if (headers['content-type'] === undefined && body !== '') headers['content-type'] = 'application/json';
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

// ---------------------------------------------------------------------------------------------
// Plumbing

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        fail(new BodyTooLarge(`request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function error(code: string, message: string, details: unknown[]): Json {
  return { error: { code, message, details } };
}

function sendJson(res: ServerResponse, status: number, body: Json): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
