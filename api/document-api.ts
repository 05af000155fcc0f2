/** The invoice documents as one function of an API Gateway HTTP API event: api/document-routes.ts behind the API key (api/dispatch.ts). */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiHandler, type ApiOptions } from './dispatch.js';
import type { DocumentSeller } from '../documents/invoice-document.js';
import { documentRoutes } from './document-routes.js';
import type { Response } from './http.js';
import type { RouteContext } from './routes.js';

export function documentApi(ctx: RouteContext, options: ApiOptions & { readonly seller: DocumentSeller }): (event: APIGatewayProxyEventV2) => Promise<Response> {
  return apiHandler(ctx, options, documentRoutes(options.seller));
}
