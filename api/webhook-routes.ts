/**
 * The partner API's webhook endpoints (docs/webhooks.md): register, list, read, delete, rotate the
 * secret, enable again; the delivery log and replay. An endpoint of another reseller answers
 * exactly what an unknown id answers (404). The secret is in the creation's (and a rotation's)
 * answer only.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import * as z from 'zod';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from '../domain/index.js';
import type { WebhookDelivery, WebhookEndpoint } from '../app/ports.js';
import { refusedAddress } from '../adapters/internal-addresses.js';

import { newWebhookSecret, webhookKey, webhookPolicy } from '../app/webhook-effects.js';
import { ApiError, invalid, notFound } from './http.js';
import type { Caller, Route, RouteContext } from './routes.js';
import { pageQuery } from './schemas.js';
import * as w from './webhook-schemas.js';

const none = z.object({}).strict();
const route = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(r: Route<P, Q, B>): Route => r as unknown as Route;

/** How long the old secret keeps signing after a rotation. */
const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

const wallNow = (ctx: RouteContext) => (ctx.deps.wallClock ?? (() => new Date()))();

async function ownedEndpoint(ctx: RouteContext, caller: Caller, endpointId: string): Promise<WebhookEndpoint> {
  const endpoint = await ctx.deps.webhooks.endpoint(endpointId);
  if (!endpoint || endpoint.resellerId !== caller.resellerId) throw notFound('webhook endpoint', endpointId);
  return endpoint;
}

export function endpointView(e: WebhookEndpoint): z.infer<typeof w.webhookEndpoint> {
  return {
    id: e.id, url: e.url, eventTypes: [...e.eventTypes], description: e.description, status: e.status, createdAt: e.createdAt,
    failingSince: e.failingSince, disabledAt: e.disabledAt, disabledReason: e.disabledReason,
  };
}

export function deliveryView(d: WebhookDelivery): z.infer<typeof w.webhookDelivery> {
  return {
    id: d.id, endpointId: d.endpointId, eventType: d.eventType, createdAt: d.createdAt, status: d.status, nextAttemptAt: d.nextAttemptAt,
    attempts: d.attempts.map((a) => ({ ...a, durationMs: Math.round(a.durationMs) })), attemptCount: d.attemptCount, payload: JSON.parse(d.body) as z.infer<typeof w.webhookPayload>,
  };
}

const PRIVATE_HOST = /^(localhost|.*\.localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[::1?\]|\[f[cd][0-9a-f:]*\]|\[fe80:[0-9a-f:]*\])$/i;
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])$/i;

/** https only, no private hosts — except http(s) on localhost where the policy allows it (the local stack). */
function checkUrl(ctx: RouteContext, raw: string): void {
  const url = new URL(raw);
  const local = webhookPolicy(ctx.deps).allowLocalHttp && LOCAL_HOST.test(url.hostname);
  if (url.username || url.password) throw invalid([{ in: 'body', field: 'url', message: 'must not contain credentials' }]);
  if (local) return;
  if (url.protocol !== 'https:') throw invalid([{ in: 'body', field: 'url', message: 'must be an https:// URL' }]);
  // An address in the URL against the ranges the sender refuses (CGNAT, IPv4-mapped IPv6 …); a name is checked again at every delivery.
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (PRIVATE_HOST.test(url.hostname) || (isIP(literal) !== 0 && refusedAddress(literal, false) !== null)) {
    throw invalid([{ in: 'body', field: 'url', message: 'must name a public host (not localhost, a private or link-local address)' }]);
  }
}

export const webhookRoutes: readonly Route[] = [
  route({
    method: 'GET', path: '/v1/webhook-event-types', operationId: 'listWebhookEventTypes', summary: 'The event types an endpoint can receive',
    description: 'Each public event type with what it means; the payload of each is described in docs/webhooks.md.',
    params: none, query: none, body: null, status: 200, response: w.eventTypeList,
    async handle() {
      return { data: WEBHOOK_EVENT_TYPES.map((type) => ({ type, description: WEBHOOK_EVENTS[type].description })) };
    },
  }),
  route({
    method: 'POST', path: '/v1/webhook-endpoints', operationId: 'createWebhookEndpoint', summary: 'Register a webhook endpoint',
    description: `Deliveries of the chosen event types are POSTed to \`url\`, signed per the Standard Webhooks specification with the \`secret\` of this answer — shown this once. At most ${w.MAX_ENDPOINTS_PER_RESELLER} endpoints per reseller.`,
    params: none, query: none, body: w.createEndpointBody, status: 201, response: w.webhookEndpointCreated,
    async handle(ctx, { caller, body }) {
      checkUrl(ctx, body.url);
      const existing = await ctx.deps.webhooks.endpointsOf(caller.resellerId, w.MAX_ENDPOINTS_PER_RESELLER, null);
      if (existing.items.length >= w.MAX_ENDPOINTS_PER_RESELLER) {
        throw invalid([{ in: 'body', field: '', message: `at most ${w.MAX_ENDPOINTS_PER_RESELLER} endpoints per reseller; delete one first` }]);
      }
      const endpoint: WebhookEndpoint = {
        id: `we_${randomBytes(12).toString('hex')}`, resellerId: caller.resellerId, url: body.url, eventTypes: body.eventTypes, description: body.description ?? null,
        status: 'enabled', secret: newWebhookSecret(), previousSecret: null, previousSecretUntil: null, createdAt: wallNow(ctx).toISOString(),
        failingSince: null, disabledAt: null, disabledReason: null,
      };
      await ctx.deps.webhooks.createEndpoint(endpoint);
      ctx.deps.logger.info('webhook endpoint created', { endpointId: endpoint.id, resellerId: caller.resellerId });
      return { ...endpointView(endpoint), secret: endpoint.secret };
    },
  }),
  route({
    method: 'GET', path: '/v1/webhook-endpoints', operationId: 'listWebhookEndpoints', summary: 'List your webhook endpoints',
    description: 'In id order; never with their secrets.',
    params: none, query: pageQuery, body: null, status: 200, response: w.webhookEndpointPage,
    async handle(ctx, { caller, query }) {
      const list = 'webhook-endpoints';
      const page = await ctx.deps.webhooks.endpointsOf(caller.resellerId, query.limit, ctx.cursors.open(caller.resellerId, list, query.cursor));
      return { data: page.items.map(endpointView), nextCursor: ctx.cursors.seal(caller.resellerId, list, page.next) };
    },
  }),
  route({
    method: 'GET', path: '/v1/webhook-endpoints/{endpointId}', operationId: 'getWebhookEndpoint', summary: 'Get one webhook endpoint',
    params: w.endpointIdPath, query: none, body: null, status: 200, response: w.webhookEndpoint,
    async handle(ctx, { caller, path }) {
      return endpointView(await ownedEndpoint(ctx, caller, path.endpointId));
    },
  }),
  route({
    method: 'DELETE', path: '/v1/webhook-endpoints/{endpointId}', operationId: 'deleteWebhookEndpoint', summary: 'Delete a webhook endpoint',
    description: 'Nothing more is sent to it; deliveries still pending are marked failed ("endpoint deleted"). Its delivery log stays readable by nobody.',
    params: w.endpointIdPath, query: none, body: null, status: 200, response: w.endpointDeleted,
    async handle(ctx, { caller, path }) {
      await ownedEndpoint(ctx, caller, path.endpointId);
      await ctx.deps.webhooks.deleteEndpoint(path.endpointId);
      return { id: path.endpointId, deleted: true as const };
    },
  }),
  route({
    method: 'POST', path: '/v1/webhook-endpoints/{endpointId}/secret/rotate', operationId: 'rotateWebhookSecret', summary: 'Rotate the signing secret',
    description: 'A new secret, shown once. For 24 hours every delivery carries two signatures (new and old secret), so the receiver can switch without losing one.',
    params: w.endpointIdPath, query: none, body: null, status: 200, response: w.secretRotated,
    async handle(ctx, { caller, path }) {
      await ownedEndpoint(ctx, caller, path.endpointId);
      const secret = newWebhookSecret();
      const until = new Date(wallNow(ctx).getTime() + ROTATION_OVERLAP_MS).toISOString();
      if (!(await ctx.deps.webhooks.rotateSecret(path.endpointId, secret, until))) throw notFound('webhook endpoint', path.endpointId);
      return { id: path.endpointId, secret, previousSecretValidUntil: until };
    },
  }),
  route({
    method: 'POST', path: '/v1/webhook-endpoints/{endpointId}/enable', operationId: 'enableWebhookEndpoint', summary: 'Enable a disabled endpoint',
    description: 'After it was disabled for failing 5 days: deliveries of new events go to it again (replay the failed ones you need).',
    params: w.endpointIdPath, query: none, body: null, status: 200, response: w.webhookEndpoint,
    async handle(ctx, { caller, path }) {
      await ownedEndpoint(ctx, caller, path.endpointId);
      const enabled = await ctx.deps.webhooks.enable(path.endpointId);
      if (!enabled) throw notFound('webhook endpoint', path.endpointId);
      return endpointView(enabled);
    },
  }),
  route({
    method: 'GET', path: '/v1/webhook-endpoints/{endpointId}/deliveries', operationId: 'listWebhookDeliveries', summary: 'The delivery log of an endpoint',
    description: 'Newest first: each message with its status, next attempt and every attempt (time, HTTP status, duration, error).',
    params: w.endpointIdPath, query: pageQuery, body: null, status: 200, response: w.webhookDeliveryPage,
    async handle(ctx, { caller, path, query }) {
      await ownedEndpoint(ctx, caller, path.endpointId);
      const list = `deliveries:${path.endpointId}`;
      const page = await ctx.deps.webhooks.deliveriesOf(path.endpointId, query.limit, ctx.cursors.open(caller.resellerId, list, query.cursor));
      return { data: page.items.map(deliveryView), nextCursor: ctx.cursors.seal(caller.resellerId, list, page.next) };
    },
  }),
  route({
    method: 'GET', path: '/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}', operationId: 'getWebhookDelivery', summary: 'One delivery with its attempts',
    params: w.deliveryIdPath, query: none, body: null, status: 200, response: w.webhookDelivery,
    async handle(ctx, { caller, path }) {
      await ownedEndpoint(ctx, caller, path.endpointId);
      const delivery = await ctx.deps.webhooks.delivery(path.endpointId, path.deliveryId);
      if (!delivery) throw notFound('delivery', path.deliveryId);
      return deliveryView(delivery);
    },
  }),
  route({
    method: 'POST', path: '/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/replay', operationId: 'replayWebhookDelivery', summary: 'Send a delivery again',
    description: 'Sends the same message (same `webhook-id`, same body, a fresh timestamp and signature) with a new round of retries. A delivery still being attempted answers `already_pending`.',
    params: w.deliveryIdPath, query: none, body: null, status: 202, response: w.replayAccepted,
    async handle(ctx, { caller, path }) {
      const endpoint = await ownedEndpoint(ctx, caller, path.endpointId);
      if (endpoint.status !== 'enabled') throw new ApiError('api.invalid_request', 'the endpoint is disabled: enable it first', [{ in: 'path', field: 'endpointId', message: 'endpoint is disabled' }]);
      const key = webhookKey(path.endpointId, path.deliveryId);
      const replayed = await ctx.deps.webhooks.replay(key, wallNow(ctx).toISOString());
      if (replayed === 'missing') throw notFound('delivery', path.deliveryId);
      if (replayed === 'queued') await ctx.deps.queues.sendOutbox([key]);
      return { deliveryId: path.deliveryId, status: replayed === 'queued' ? ('queued' as const) : ('already_pending' as const) };
    },
  }),
];
