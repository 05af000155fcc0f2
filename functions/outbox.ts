/** The outbox consumer: each message names one outbox item; claim it, run its effect once, mark it sent. */
import middy from '@middy/core';
import * as z from 'zod';
import { fromSchema, parseJson, sqsBatchHandler, type Parsed } from '../app/queue-consumer.js';
import { sendOutboxItem } from '../app/send-outbox.js';
import { allAdapters } from './adapters.js';
import { awsTelemetry, builtOnFirstCall, depsFromEnv } from './aws-deps.js';
import type { Deps } from './deps.js';
import { observe, type Telemetry } from './observability.js';

const outboxMessage = z.object({ key: z.string().min(1) });

function parseOutboxMessage(body: string): Parsed<z.infer<typeof outboxMessage>> {
  const json = parseJson(body);
  return json.ok ? fromSchema(outboxMessage, json.value, 'outbox.invalid', 'invalid outbox message') : json;
}

/** Each instance logs under its own context (observe: a child logger per handler); in AWS also metrics and traces. */
export const createHandler = (given: Deps, telemetry?: Telemetry) => {
  const { deps, middlewares } = observe(given, 'outbox', telemetry);
  return middy(sqsBatchHandler(deps, 'outbox', parseOutboxMessage, ({ key }) => sendOutboxItem(deps, key))).use(middlewares);
};

/**
 * The Lambda entry point; deps are built on the first invocation (importing reads no environment)
 * with only the AWS clients this function uses (aws-deps.ts), then reused.
 */
export const handler = builtOnFirstCall(async () => createHandler(await depsFromEnv('outbox', allAdapters), awsTelemetry()));
