/** The partner API Lambda (API Gateway HTTP API, payload v2): `/v1/*` but the webhook endpoints and the documentation. */
import { partnerRoutes } from '../api/routes.js';
import { partnerApiAdapters } from './adapters.js';
import { apiFunction } from './api-function.js';
import { builtOnFirstInvocation } from './cold-start.js';

export const createHandler = apiFunction(partnerRoutes);

/** Built on the first invocation from the environment (functions/config.ts) and its secrets (Secrets Manager, refreshed), then reused. */
export const handler = builtOnFirstInvocation('partner-api', partnerApiAdapters, createHandler);
