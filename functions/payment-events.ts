/** The payment-events consumer: parse each message, apply it to its account, report partial batch failures. */
import middy from '@middy/core';
import type { Context, SQSEvent } from 'aws-lambda';
import { processEvent } from '../app/process-event.js';
import { accountLane, parseEvent, sqsBatchHandler } from '../app/queue-consumer.js';
import { awsTelemetry, depsFromEnv } from './aws-deps.js';
import type { Deps } from './deps.js';
import { observe, type Telemetry } from './observability.js';

/** Each instance logs under its own context (observe: a child logger per handler); in AWS also metrics and traces. */
export const createHandler = (given: Deps, telemetry?: Telemetry) => {
  const { deps, middlewares } = observe(given, 'payment-events', telemetry);
  return middy(sqsBatchHandler(deps, 'payment-events', parseEvent, (event, origin) => processEvent(deps, event, origin), accountLane)).use(middlewares);
};

let built: ReturnType<typeof createHandler> | undefined;
/** The Lambda entry point; deps are built on the first invocation, so importing reads no environment. */
export const handler = (event: SQSEvent, context: Context) => (built ??= createHandler(depsFromEnv(), awsTelemetry()))(event, context);
