/** The scheduled sweep (EventBridge schedule in AWS, a timer locally): due ticks from the `due` index, lost outbox hand-offs. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { sweep } from '../app/sweep.js';
import { depsFromEnv } from './aws-deps.js';
import type { Deps } from './deps.js';

// The schedule's event carries nothing the sweep needs: the time is the clock's.
export const createHandler = (deps: Deps) => middy(async (_event: unknown, _context: Context) => sweep(deps)).use(injectLambdaContext(deps.logger));

let built: ReturnType<typeof createHandler> | undefined;
/** The Lambda entry point; deps are built on the first invocation, so importing reads no environment. */
export const handler = (event: unknown, context: Context) => (built ??= createHandler(depsFromEnv()))(event, context);
