/**
 * The webhook endpoints Lambda (API Gateway HTTP API, payload v2): `/v1/webhook-endpoints…` and
 * `/v1/webhook-event-types` behind the API-key authorizer — registration, secrets, the delivery log
 * and replays (docs/webhooks.md). A function of its own so the partner API's bundle stays small.
 */
import { webhookRoutes } from '../api/webhook-routes.js';
import { webhookEndpointsAdapters } from './adapters.js';
import { apiFunction } from './api-function.js';
import { builtOnFirstInvocation } from './cold-start.js';

export const createHandler = apiFunction(webhookRoutes);

/** Built on the first invocation from the environment (functions/config.ts) and its secrets (Secrets Manager, refreshed), then reused. */
export const handler = builtOnFirstInvocation('webhook-endpoints', webhookEndpointsAdapters, createHandler);
