/**
 * The partner API's documentation Lambda (API Gateway HTTP API, payload v2): /v1/openapi.json and
 * the /docs page, open (no key: they describe the API, they hold no data). The OpenAPI document is
 * prebuilt into this bundle (infra/bundling.ts) and Scalar's page script comes from a layer, so
 * neither weighs on the partner API's cold start.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { docsApi } from '../api/docs-api.js';
import { awsTelemetry } from './aws-telemetry.js';
import type { Deps } from './deps.js';
import { observe, type Telemetry } from './observability.js';

export const createHandler = (deps: Pick<Deps, 'logger'>, telemetry?: Telemetry) => {
  const { middlewares } = observe(deps as Deps, 'api-docs', telemetry);
  const api = docsApi();
  return middy(async (event: APIGatewayProxyEventV2, _context: Context) => api(event)).use(middlewares);
};

let built: ReturnType<typeof createHandler> | undefined;
/** The Lambda entry point: no table, no queue; logs, metrics and traces only. */
export const handler = (event: APIGatewayProxyEventV2, context: Context) => {
  if (built === undefined) {
    // No table and no queue: the stage and log level are all it reads of the environment.
    const telemetry = awsTelemetry({ stage: process.env['LOOPTIJD_STAGE'] ?? 'local', logLevel: process.env['POWERTOOLS_LOG_LEVEL'] ?? 'INFO' });
    built = createHandler({ logger: telemetry.logger }, telemetry);
  }
  return built(event, context);
};
