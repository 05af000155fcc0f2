/** The partner API Lambda (API Gateway HTTP API, payload v2): `/v1/*` and the `/docs` page. */
import type { APIGatewayProxyEventV2, APIGatewayProxyHandlerV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { ApiKeys } from '../adapters/api-keys.js';
import { ReadModel } from '../adapters/read-model.js';
import { apiConfigFromEnv, type ApiConfig } from '../api/config.js';
import { cursorSealer } from '../api/cursor.js';
import { cachedKeys } from '../api/key-cache.js';
import { rateLimiter } from '../api/rate-limit.js';
import { partnerApi } from '../api/router.js';
import type { Deps } from './deps.js';

export const createHandler = (deps: Deps, config: ApiConfig = apiConfigFromEnv()): APIGatewayProxyHandlerV2 => {
  const read = new ReadModel(deps.clients.doc, deps.tableName);
  const api = partnerApi(
    { deps, read, cursors: cursorSealer(config.cursorSecret) },
    { apiKeys: cachedKeys(new ApiKeys(deps.clients.doc, deps.tableName), config.apiKeyCacheSeconds ?? 0), rateLimit: rateLimiter(config.rateLimit) },
  );
  return (event) => api(event);
};

let built: Promise<APIGatewayProxyHandlerV2> | undefined;

/** Built on the first invocation from the environment (functions/config.ts) and its secrets (Secrets Manager), then reused. */
export const handler = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> => {
  // A failed start (e.g. Secrets Manager unreachable) is retried on the next invocation, not cached.
  built ??= import('./aws-deps.js').then(async (m) => createHandler(m.depsFromEnv(), await m.apiConfigFromAws())).catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return (await (await built)(event, context, () => undefined)) as APIGatewayProxyResultV2;
};
