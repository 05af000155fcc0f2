/**
 * The invoice documents Lambda (API Gateway HTTP API, payload v2): `GET /v1/invoices/{invoiceId}/pdf`
 * and `/ubl` behind the API-key authorizer. A function of its own so the PDF and XML libraries
 * stay out of the partner API's bundle; pdf-lib itself comes from a Lambda layer (docs/documents.md).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import { ApiKeys } from '../adapters/api-keys.js';
import { ReadModel } from '../adapters/read-model.js';
import { apiConfigFromEnv, type ApiConfig } from '../api/config.js';
import { cursorSealer } from '../api/cursor.js';
import { documentApi } from '../api/document-api.js';
import { cachedKeys } from '../api/key-cache.js';
import { rateLimiter } from '../api/rate-limit.js';
import { UNCONFIGURED_PROVIDER } from '../documents/seller.js';
import { authorizedBy, type KeyOwner } from './authorized.js';
import { noAdapters } from './adapters.js';
import { builtOnFirstInvocation } from './cold-start.js';
import type { Deps } from './deps.js';

export const createHandler = (deps: Deps, config: ApiConfig = apiConfigFromEnv()): APIGatewayProxyHandlerV2 => {
  const read = new ReadModel(deps.clients.doc, deps.tableName);
  const keys = cachedKeys(new ApiKeys(deps.clients.doc, deps.tableName), config.apiKeyCacheSeconds ?? 0);
  const authorized = new AsyncLocalStorage<KeyOwner | null>();
  const apiKeys = { resolve: async (key: string) => authorized.getStore() ?? keys.resolve(key) };
  // The provider as configured (PROVIDER_*, functions/config.ts), for invoices issued before they carried it.
  // No lists here, so no cursors: the sealer is never asked to seal.
  const cursors = cursorSealer('unused: the document routes have no cursors');
  const api = documentApi({ deps, read, cursors }, { apiKeys, rateLimit: rateLimiter(config.rateLimit), seller: deps.invoicing?.seller ?? UNCONFIGURED_PROVIDER });
  return (event) => authorized.run(authorizedBy(event), () => api(event));
};

export const handler = builtOnFirstInvocation('invoice-documents', noAdapters, createHandler);
