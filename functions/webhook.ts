/** The payment webhook Lambda: POST /webhooks/payments, Standard Webhooks verified (api/webhook.ts). */
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import { apiConfigFromEnv, type ApiConfig } from '../api/config.js';
import { paymentWebhook } from '../api/webhook.js';
import { paymentWebhookAdapters } from './adapters.js';
import { builtOnFirstInvocation } from './cold-start.js';
import type { Deps } from './deps.js';

export const createHandler = (deps: Deps, config: Pick<ApiConfig, 'webhookSecret'> = apiConfigFromEnv()): APIGatewayProxyHandlerV2 => {
  const hook = paymentWebhook(deps, { secret: config.webhookSecret });
  return (event) => hook(event);
};

/** Built on the first invocation from the environment (functions/config.ts) and its secrets (Secrets Manager, refreshed; a rotated secret is picked up on the first 401), then reused. */
export const handler = builtOnFirstInvocation('payment-webhook', paymentWebhookAdapters, createHandler);
