/** The outbox consumer: each message names one outbox item; claim it, run its effect once, mark it sent. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { fromSchema, parseJson, sqsBatchHandler, type Parsed } from '../app/queue-consumer.js';
import { sendOutboxItem } from '../app/send-outbox.js';
import { depsFromEnv } from './aws-deps.js';
import type { Deps } from './deps.js';

const outboxMessage = z.object({ key: z.string().min(1) });

function parseOutboxMessage(body: string): Parsed<z.infer<typeof outboxMessage>> {
  const json = parseJson(body);
  return json.ok ? fromSchema(outboxMessage, json.value, 'outbox.invalid', 'invalid outbox message') : json;
}

export const createHandler = (deps: Deps) =>
  middy(sqsBatchHandler(deps, 'outbox', parseOutboxMessage, ({ key }) => sendOutboxItem(deps, key))).use(injectLambdaContext(deps.logger));

let built: ReturnType<typeof createHandler> | undefined;
/** The Lambda entry point; deps are built on the first invocation, so importing reads no environment. */
export const handler = (event: SQSEvent, context: Context) => (built ??= createHandler(depsFromEnv()))(event, context);
