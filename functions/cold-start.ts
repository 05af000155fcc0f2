/** The start the API Lambdas (partner-api, webhook) share: deps once per container, secrets re-read as they rotate. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyHandlerV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { apiConfigFromEnv, type ApiConfig, type ApiSecrets } from '../api/config.js';
import type { Deps } from './deps.js';
import { observe } from './observability.js';
import type { AdapterBuilder, secretsFromAws } from './aws-deps.js';

type SecretsFromAws = typeof secretsFromAws;

/** After a 401, read the secret again at most this often: a rotated webhook secret works at once, a flood of bad signatures costs little. */
export const FORCED_REFRESH_MS = 10_000;

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/**
 * A handler built on the first invocation from the environment (functions/config.ts), the ports
 * `adapters` builds (functions/adapters.ts) and its secrets (Secrets Manager through Powertools
 * Parameters, cached SECRET_REFRESH_SECONDS); rebuilt
 * when a secret's value changes, so a rotation needs no container recycle. A 401 re-reads the
 * secrets at once (at most every FORCED_REFRESH_MS) and, if they changed, answers with the new ones.
 */
export function builtOnFirstInvocation(service: string, adapters: AdapterBuilder, create: (deps: Deps, config: ApiConfig) => APIGatewayProxyHandlerV2): Handler {
  let start: Promise<{ deps: Deps; middlewares: middy.MiddlewareObj[]; secrets: SecretsFromAws }> | undefined;
  let built: { fingerprint: string; handler: APIGatewayProxyHandlerV2 } | undefined;
  let lastForced = -Infinity;
  let wrapped: Handler | undefined;

  const handlerFor = (deps: Deps, secrets: ApiSecrets): APIGatewayProxyHandlerV2 => {
    const fingerprint = JSON.stringify([secrets.webhookSecret ?? null, secrets.cursorSecret ?? null]);
    if (built?.fingerprint !== fingerprint) built = { fingerprint, handler: create(deps, apiConfigFromEnv(secrets)) };
    return built.handler;
  };

  return async (event, context) => {
    // A failed start (e.g. Secrets Manager unreachable) is retried on the next invocation, not cached.
    start ??= import('./aws-deps.js')
      .then(async (m) => {
        const observed = observe(await m.depsFromEnv(service, adapters), service, m.awsTelemetry());
        return { deps: observed.deps, middlewares: observed.middlewares, secrets: m.secretsFromAws };
      })
      .catch((error: unknown) => {
        start = undefined;
        throw error;
      });
    const { deps, middlewares, secrets } = await start;
    wrapped ??= middy(async (e: APIGatewayProxyEventV2, c: Context) => {
      const call = async (s: ApiSecrets) => (await handlerFor(deps, s)(e, c, () => undefined)) as APIGatewayProxyResultV2;
      const result = await call(await secrets());
      if (typeof result === 'object' && result.statusCode === 401 && performance.now() - lastForced > FORCED_REFRESH_MS) {
        lastForced = performance.now();
        const before = built?.fingerprint;
        const fresh = await secrets({ forceFetch: true });
        handlerFor(deps, fresh);
        if (built?.fingerprint !== before) return call(fresh);
      }
      return result;
    }).use(middlewares) as unknown as Handler;
    return wrapped(event, context);
  };
}
