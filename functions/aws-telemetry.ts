/**
 * The container's Logger, Metrics and Tracer, and the traced table client every AWS function uses.
 * Kept apart from aws-deps.ts so a function that needs only these (the authorizer, the e-mail
 * feedback function) imports no other AWS SDK client (issue 9 item 5: import + init ≤ 100 ms).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { configFromEnv, type Config } from './config.js';
import type { Telemetry } from './observability.js';

export type AwsTelemetry = Telemetry & { logger: Logger; tracer: Tracer };

let telemetry: AwsTelemetry | undefined;

/** Made once per container: Logger, Metrics (namespace, service and stage from the environment the stack sets) and Tracer. */
export function awsTelemetry(config: Pick<Config, 'logLevel' | 'stage'> = configFromEnv()): AwsTelemetry {
  if (telemetry !== undefined) return telemetry;
  const logger = new Logger({ logLevel: config.logLevel as 'INFO' });
  const metrics = new Metrics({ defaultDimensions: { stage: config.stage } });
  const tracer = new Tracer();
  telemetry = {
    logger,
    metrics,
    tracer,
    middlewares: [captureLambdaHandler(tracer, { captureResponse: false }), logMetrics(metrics, { captureColdStartMetric: true })],
  };
  return telemetry;
}

/** The traced document client of the table, as every function uses it. */
export function tableClient(config: Config, tracer: Tracer): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({ region: config.region })), { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * A handler built on its first invocation by `build` (which may load what it needs), then reused;
 * a failed build (a bad environment, say) is retried on the next invocation, not cached.
 */
export function builtOnFirstCall<E, C, R>(build: () => Promise<(event: E, context: C) => Promise<R>>): (event: E, context: C) => Promise<R> {
  let built: Promise<(event: E, context: C) => Promise<R>> | undefined;
  return async (event, context) => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return (await built)(event, context);
  };
}
