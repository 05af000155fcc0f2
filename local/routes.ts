/**
 * The HTTP API's routes for the local API Gateway adapter (local/http.ts): method, path template
 * as API Gateway writes it (`/v1/customers/{customerId}`, `/v1/{proxy+}`), and a loader that
 * answers a factory building the handler from the same Deps the queue handlers get. The most
 * specific template wins (literal segments over `{param}` over `{proxy+}`); `ANY` matches every method.
 */
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import type { Deps } from '../functions/deps.js';

export interface HttpRoute {
  method: string;
  path: string;
  load: () => Promise<(deps: Deps) => APIGatewayProxyHandlerV2>;
}

export const httpRoutes: HttpRoute[] = [
  { method: 'ANY', path: '/v1/{proxy+}', load: async () => (await import('../functions/partner-api.js')).createHandler },
  { method: 'ANY', path: '/v1/webhook-endpoints', load: async () => (await import('../functions/webhook-endpoints.js')).createHandler },
  { method: 'ANY', path: '/v1/webhook-endpoints/{proxy+}', load: async () => (await import('../functions/webhook-endpoints.js')).createHandler },
  { method: 'GET', path: '/v1/webhook-event-types', load: async () => (await import('../functions/webhook-endpoints.js')).createHandler },
  { method: 'GET', path: '/v1/openapi.json', load: async () => (await import('../functions/api-docs.js')).createHandler },
  { method: 'GET', path: '/docs', load: async () => (await import('../functions/api-docs.js')).createHandler },
  { method: 'GET', path: '/docs/{proxy+}', load: async () => (await import('../functions/api-docs.js')).createHandler },
  { method: 'GET', path: '/v1/invoices/{invoiceId}/pdf', load: async () => (await import('../functions/invoice-documents.js')).createHandler },
  { method: 'GET', path: '/v1/invoices/{invoiceId}/ubl', load: async () => (await import('../functions/invoice-documents.js')).createHandler },
  { method: 'POST', path: '/webhooks/payments', load: async () => (await import('../functions/webhook.js')).createHandler },
];
