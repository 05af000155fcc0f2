/** The payment webhook Lambda: POST /webhooks/payments, Standard Webhooks verified (api/webhook.ts). */
import type { APIGatewayProxyEventV2, APIGatewayProxyHandlerV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { apiConfigFromEnv, type ApiConfig } from '../api/config.js';
import { paymentWebhook } from '../api/webhook.js';
import type { Deps } from './deps.js';

export const createHandler = (deps: Deps, config: Pick<ApiConfig, 'webhookSecret'> = apiConfigFromEnv()): APIGatewayProxyHandlerV2 => {
  const hook = paymentWebhook(deps, { secret: config.webhookSecret });
  return (event) => hook(event);
};

let built: Promise<APIGatewayProxyHandlerV2> | undefined;

/** Built on the first invocation from the environment (functions/config.ts) and its secrets (Secrets Manager), then reused. */
export const handler = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> => {
  // A failed start (e.g. Secrets Manager unreachable) is retried on the next invocation, not cached.
  built ??= import('./aws-deps.js').then(async (m) => createHandler(m.depsFromEnv(), await m.apiConfigFromAws())).catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return (await (await built)(event, context, () => undefined)) as APIGatewayProxyResultV2;
};
