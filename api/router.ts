/**
 * The partner API as one function of an API Gateway HTTP API (payload v2) event: the routes of
 * api/routes.ts behind the API key (api/dispatch.ts), and, without a key, the OpenAPI document and
 * the /docs page.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiHandler, type ApiOptions } from './dispatch.js';
import { docsAsset, docsPage } from './docs.js';
import { json, type Response } from './http.js';
import { openApiDocument } from './openapi.js';
import { routes, type RouteContext } from './routes.js';

export type PartnerApiOptions = ApiOptions;

export function partnerApi(ctx: RouteContext, options: PartnerApiOptions): (event: APIGatewayProxyEventV2) => Promise<Response> {
  return apiHandler(ctx, options, routes, (method, path) => {
    if (method !== 'GET') return null;
    if (path === '/v1/openapi.json') return json(200, openApiDocument(), { 'cache-control': 'public, max-age=60' });
    if (path === '/docs') return docsPage();
    if (path.startsWith('/docs/')) return docsAsset(path.slice('/docs/'.length));
    return null;
  });
}
