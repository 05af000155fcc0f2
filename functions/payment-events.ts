/** The payment-events consumer: parse each message, apply it to its account, report partial batch failures. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSEvent } from 'aws-lambda';
import { processEvent } from '../app/process-event.js';
import { parseEvent, sqsBatchHandler } from '../app/queue-consumer.js';
import { depsFromEnv } from './aws-deps.js';
import type { Deps } from './deps.js';

export const createHandler = (deps: Deps) =>
  middy(sqsBatchHandler(deps, 'payment-events', parseEvent, (event) => processEvent(deps, event))).use(injectLambdaContext(deps.logger));

let built: ReturnType<typeof createHandler> | undefined;
/** The Lambda entry point; deps are built on the first invocation, so importing reads no environment. */
export const handler = (event: SQSEvent, context: Context) => (built ??= createHandler(depsFromEnv()))(event, context);
