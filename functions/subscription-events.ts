/** The subscription-events consumer: parse each message, apply it to its account, report partial batch failures. */
import middy from '@middy/core';
import { processEvent } from '../app/process-event.js';
import { accountLane, parseEvent, sqsBatchHandler } from '../app/queue-consumer.js';
import { allAdapters } from './adapters.js';
import { awsTelemetry, builtOnFirstCall, depsFromEnv } from './aws-deps.js';
import type { Deps } from './deps.js';
import { observe, type Telemetry } from './observability.js';

/** Each instance logs under its own context (observe: a child logger per handler); in AWS also metrics and traces. */
export const createHandler = (given: Deps, telemetry?: Telemetry) => {
  const { deps, middlewares } = observe(given, 'subscription-events', telemetry);
  return middy(sqsBatchHandler(deps, 'subscription-events', parseEvent, (event, origin) => processEvent(deps, event, origin), accountLane)).use(middlewares);
};

/**
 * The Lambda entry point; deps are built on the first invocation (importing reads no environment)
 * with only the AWS clients this function uses (aws-deps.ts), then reused.
 */
export const handler = builtOnFirstCall(async () => createHandler(await depsFromEnv('subscription-events', allAdapters), awsTelemetry()));
