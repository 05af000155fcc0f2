/** The scheduled sweep (EventBridge schedule in AWS, a timer locally): due ticks from the `due` index, lost outbox hand-offs. */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { sweep } from '../app/sweep.js';
import { allAdapters } from './adapters.js';
import { awsTelemetry, builtOnFirstCall, depsFromEnv } from './aws-deps.js';
import type { Deps } from './deps.js';
import { observe, type Telemetry } from './observability.js';

/** Each instance logs under its own context (observe: a child logger per handler); in AWS also metrics and traces. */
export const createHandler = (given: Deps, telemetry?: Telemetry) => {
  const { deps, middlewares } = observe(given, 'sweep', telemetry);
  // The schedule's event carries nothing the sweep needs: the time is the clock's.
  return middy(async (_event: unknown, _context: Context) => sweep(deps)).use(middlewares);
};

/**
 * The Lambda entry point; deps are built on the first invocation (importing reads no environment)
 * with only the AWS clients this function uses (aws-deps.ts), then reused.
 */
export const handler = builtOnFirstCall(async () => createHandler(await depsFromEnv('sweep', allAdapters), awsTelemetry()));
