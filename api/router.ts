/**
 * The partner API as one function of an API Gateway HTTP API (payload v2) event: the routes of
 * api/routes.ts behind the API key (api/dispatch.ts). The OpenAPI document and the /docs page are
 * another function's (api/docs-api.ts), so their weight stays out of this bundle.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiHandler, type ApiOptions } from './dispatch.js';
import type { Response } from './http.js';
import { routes, type RouteContext } from './routes.js';

export type PartnerApiOptions = ApiOptions;

export function partnerApi(ctx: RouteContext, options: PartnerApiOptions): (event: APIGatewayProxyEventV2) => Promise<Response> {
  return apiHandler(ctx, options, routes);
}
