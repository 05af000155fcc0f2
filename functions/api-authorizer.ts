/**
 * The partner API's Lambda authorizer (simple responses): `Authorization: Bearer <api key>` → the
 * reseller it belongs to, or refused. API Gateway caches each answer per header value
 * (infra/stack.ts AUTHORIZER_CACHE), so a revoked key stops working within that time; the
 * partner-api function reads the reseller from the authorizer context (functions/partner-api.ts).
 */
import middy from '@middy/core';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult, Context } from 'aws-lambda';
import { ApiKeys } from '../adapters/api-keys.js';
import { awsTelemetry, tableClient } from './aws-telemetry.js';
import { configFromEnv } from './config.js';
import type { Deps } from './deps.js';
import { observe, type Telemetry } from './observability.js';

/** What API Gateway passes on to the integration as `requestContext.authorizer.lambda`. */
export interface AuthorizerContext {
  readonly resellerId: string;
  readonly keyHash: string;
}
type Result = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext | Record<string, never>>;

export const createHandler = (keys: Pick<ApiKeys, 'resolve'>, deps: Pick<Deps, 'logger'>, telemetry?: Telemetry) => {
  const { logger, middlewares } = observe(deps as Deps, 'api-authorizer', telemetry);
  return middy(async (event: APIGatewayRequestAuthorizerEventV2, _context: Context): Promise<Result> => {
    const header = event.headers?.['authorization'] ?? event.identitySource?.[0] ?? '';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const key = bearer === null ? null : await keys.resolve(bearer[1]!);
    if (key === null) {
      logger.info('API key refused', { routeKey: event.routeKey, reason: bearer === null ? 'not a Bearer key' : 'unknown or revoked' });
      telemetry?.metrics.addMetric('ApiKeysRefused', 'Count', 1);
      return { isAuthorized: false, context: {} };
    }
    return { isAuthorized: true, context: { resellerId: key.resellerId, keyHash: key.keyHash } };
  }).use(middlewares);
};

let built: ReturnType<typeof createHandler> | undefined;
/** The Lambda entry point: the table client only (it may read the API-key items, nothing else), built on the first invocation. */
export const handler = (event: APIGatewayRequestAuthorizerEventV2, context: Context) => {
  if (built === undefined) {
    const config = configFromEnv();
    const telemetry = awsTelemetry(config);
    const doc = tableClient(config, telemetry.tracer);
    built = createHandler(new ApiKeys(doc, config.tableName), { logger: telemetry.logger }, telemetry);
  }
  return built(event, context);
};
