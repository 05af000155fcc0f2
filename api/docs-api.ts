/**
 * The partner API's documentation, without a key: the OpenAPI document at /v1/openapi.json and
 * the /docs page (Scalar). A function of its own (functions/api-docs.ts), so the prebuilt
 * document and the page stay out of the partner API's bundle (issue 9 item 5).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { docsAsset, docsPage } from './docs.js';
import { errorJson, json, ApiError, type Response } from './http.js';
import { openApiDocument } from './openapi.js';

export function docsApi(): (event: APIGatewayProxyEventV2) => Promise<Response> {
  return async (event) => {
    const method = event.requestContext?.http?.method?.toUpperCase() ?? 'GET';
    const path = (event.rawPath || '/').replace(/\/+$/, '') || '/';
    if (method === 'GET' || method === 'HEAD') {
      if (path === '/v1/openapi.json') return json(200, openApiDocument(), { 'cache-control': 'public, max-age=60' });
      if (path === '/docs') return docsPage();
      if (path.startsWith('/docs/')) return docsAsset(path.slice('/docs/'.length));
      return errorJson(new ApiError('api.not_found', `no endpoint ${method} ${path}; see /v1/openapi.json`));
    }
    return errorJson(new ApiError('api.method_not_allowed', `${method} is not allowed on ${path}`, null, { allow: 'GET' }));
  };
}
