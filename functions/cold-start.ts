/** The cold start the API Lambdas (partner-api, webhook) share. */
import type { APIGatewayProxyEventV2, APIGatewayProxyHandlerV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { ApiConfig } from '../api/config.js';
import type { Deps } from './deps.js';

/**
 * A handler built on the first invocation from the environment (functions/config.ts) and its
 * secrets (Secrets Manager), then reused.
 */
export function builtOnFirstInvocation(
  create: (deps: Deps, config: ApiConfig) => APIGatewayProxyHandlerV2,
): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2> {
  let built: Promise<APIGatewayProxyHandlerV2> | undefined;
  return async (event, context) => {
    // A failed start (e.g. Secrets Manager unreachable) is retried on the next invocation, not cached.
    built ??= import('./aws-deps.js').then(async (m) => create(m.depsFromEnv(), await m.apiConfigFromAws())).catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return (await (await built)(event, context, () => undefined)) as APIGatewayProxyResultV2;
  };
}
