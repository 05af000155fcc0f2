/**
 * A partner API function over a table of routes (API Gateway HTTP API, payload v2): the read model,
 * the API keys (the authorizer's answer, or resolved here locally), cursors, idempotency keys and id
 * claims. The partner API (functions/partner-api.ts) and the webhook endpoints
 * (functions/webhook-endpoints.ts) are two of these, so each bundle holds only its own routes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import { ApiKeys } from '../adapters/api-keys.js';
import { DynamoIdClaims, DynamoIdempotencyKeys } from '../adapters/api-writes.js';
import { ReadModel } from '../adapters/read-model.js';
import { apiConfigFromEnv, type ApiConfig } from '../api/config.js';
import { cursorSealer } from '../api/cursor.js';
import { apiHandler } from '../api/dispatch.js';
import { cachedKeys } from '../api/key-cache.js';
import { rateLimiter } from '../api/rate-limit.js';
import type { Route } from '../api/routes.js';
import { authorizedBy, type KeyOwner } from './authorized.js';
import type { Deps } from './deps.js';

export const apiFunction = (routes: readonly Route[]) => (deps: Deps, config: ApiConfig = apiConfigFromEnv()): APIGatewayProxyHandlerV2 => {
  const read = new ReadModel(deps.clients.doc, deps.tableName);
  const keys = cachedKeys(new ApiKeys(deps.clients.doc, deps.tableName), config.apiKeyCacheSeconds ?? 0);
  // The authorizer's answer for this request (AsyncLocalStorage: concurrent requests locally never mix);
  // without one (npm start, tests) the key is resolved here.
  const authorized = new AsyncLocalStorage<KeyOwner | null>();
  const apiKeys = { resolve: async (key: string) => authorized.getStore() ?? keys.resolve(key) };
  const writes = { idempotency: new DynamoIdempotencyKeys(deps.clients.doc, deps.tableName, deps.wallClock), claims: new DynamoIdClaims(deps.clients.doc, deps.tableName, deps.wallClock) };
  const api = apiHandler({ deps, read, cursors: cursorSealer(config.cursorSecret), writes }, { apiKeys, rateLimit: rateLimiter(config.rateLimit) }, routes);
  return (event) => authorized.run(authorizedBy(event), () => api(event));
};
