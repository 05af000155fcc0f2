/** The partner API Lambda (API Gateway HTTP API, payload v2): `/v1/*` and the `/docs` page. */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import { ApiKeys } from '../adapters/api-keys.js';
import { DynamoIdClaims, DynamoIdempotencyKeys } from '../adapters/api-writes.js';
import { ReadModel } from '../adapters/read-model.js';
import { apiConfigFromEnv, type ApiConfig } from '../api/config.js';
import { cursorSealer } from '../api/cursor.js';
import { cachedKeys } from '../api/key-cache.js';
import { rateLimiter } from '../api/rate-limit.js';
import { partnerApi } from '../api/router.js';
import { authorizedBy, type KeyOwner } from './authorized.js';
import { partnerApiAdapters } from './adapters.js';
import { builtOnFirstInvocation } from './cold-start.js';
import type { Deps } from './deps.js';

export const createHandler = (deps: Deps, config: ApiConfig = apiConfigFromEnv()): APIGatewayProxyHandlerV2 => {
  const read = new ReadModel(deps.clients.doc, deps.tableName);
  const keys = cachedKeys(new ApiKeys(deps.clients.doc, deps.tableName), config.apiKeyCacheSeconds ?? 0);
  // The authorizer's answer for this request (AsyncLocalStorage: concurrent requests locally never mix);
  // without one (npm start, tests) the key is resolved here.
  const authorized = new AsyncLocalStorage<KeyOwner | null>();
  const apiKeys = { resolve: async (key: string) => authorized.getStore() ?? keys.resolve(key) };
  const writes = { idempotency: new DynamoIdempotencyKeys(deps.clients.doc, deps.tableName, deps.wallClock), claims: new DynamoIdClaims(deps.clients.doc, deps.tableName, deps.wallClock) };
  const api = partnerApi({ deps, read, cursors: cursorSealer(config.cursorSecret), writes }, { apiKeys, rateLimit: rateLimiter(config.rateLimit) });
  return (event) => authorized.run(authorizedBy(event), () => api(event));
};

/** Built on the first invocation from the environment (functions/config.ts) and its secrets (Secrets Manager, refreshed), then reused. */
export const handler = builtOnFirstInvocation('partner-api', partnerApiAdapters, createHandler);
