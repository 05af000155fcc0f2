/**
 * The thin Lambda runner of the local stack: what AWS's SQS event source mapping and the
 * EventBridge schedule do, and nothing more. For each queue it polls with the real SQS client,
 * hands the handler a real SQS event batch, deletes only the messages the handler did not report
 * in `batchItemFailures` and leaves the failures to the visibility timeout, so redrive to the
 * dead-letter queue happens inside SQS exactly as in AWS. A timer runs the sweep every minute.
 * No rules live here.
 */
import { randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, ScheduledEvent, SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { createHandler as createCancellationEvents } from '../functions/cancellation-events.js';
import type { Clock, Deps } from '../functions/deps.js';
import { createHandler as createOutbox } from '../functions/outbox.js';
import { createHandler as createPaymentEvents } from '../functions/payment-events.js';
import { createHandler as createSubscriptionEvents } from '../functions/subscription-events.js';
import { createHandler as createSweep } from '../functions/sweep.js';
import { DEFAULT_REGION, type QueueName, SWEEP } from '../infra/definitions.js';

/** An SQS-triggered handler, as Lambda calls it (payload of an event source mapping). */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void | null | undefined>;
/** The scheduled sweep, as an EventBridge schedule calls it. */
export type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

export const LOCAL_ACCOUNT_ID = '000000000000';

export interface RunnerOptions {
  sqs: SQSClient;
  queueUrls: Readonly<Partial<Record<QueueName, string>>>;
  /** The handler of each queue; queues without one are neither polled nor waited for by drain(). */
  handlers: Readonly<Partial<Record<QueueName, SqsBatchHandler>>>;
  sweep?: ScheduledHandler | undefined;
  clock: Clock;
  /** Real milliseconds between timer sweeps; null: no timer (sweeps only through runSweep()). Default 60 000. */
  sweepIntervalMs?: number | null;
  /** Messages per batch, 1–10 (the event source mapping's BatchSize). Default 10. */
  batchSize?: number;
  /** Concurrent pollers (and so concurrent invocations) per queue. Default 2. */
  concurrency?: number;
  /** Longest pause between empty short polls. Default 200 ms. */
  maxIdleMs?: number;
  /** Lambda timeout the context reports. Default 30 s. */
  functionTimeoutMs?: number;
  region?: string;
  log?: RunnerLog;
}

export type RunnerLog = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;

export interface QueueStats {
  batches: number;
  records: number;
  succeeded: number;
  failed: number;
  /** Invocations that threw (the whole batch went back to the queue). */
  handlerErrors: number;
  handlerMs: number;
}

export interface RunnerStats {
  queues: Record<string, QueueStats>;
  sweeps: number;
  sweepErrors: number;
}

export interface DrainOptions {
  /** Give up after this long (a message that keeps failing waits out maxReceiveCount × visibility timeout). Default 120 s. */
  timeoutMs?: number;
}

export interface DrainResult {
  /** Records handled successfully (deleted) while draining. */
  processed: number;
  /** Records reported as failed (or in a batch whose invocation threw) while draining. */
  failed: number;
  ms: number;
}

export class DrainTimeoutError extends Error {
  constructor(readonly waitedMs: number, readonly busy: Record<string, number>) {
    super(`the local pipeline did not drain within ${waitedMs} ms; still busy: ${JSON.stringify(busy)}`);
    this.name = 'DrainTimeoutError';
  }
}

export interface Runner {
  /** Resolves the queues' ARNs, starts the pollers and the sweep timer. */
  start(): Promise<void>;
  /** Invokes the sweep once at the clock's instant (sweeps never overlap). */
  runSweep(): Promise<void>;
  /** Waits until every polled queue is empty, nothing is in flight and every handler is idle. */
  drain(options?: DrainOptions): Promise<DrainResult>;
  /** Counts since start. */
  stats(): RunnerStats;
  /** Stops polling and the timer; waits for running invocations to finish. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export const consoleRunnerLog: RunnerLog = (level, message, data) => {
  const line = `[runner] ${message}${data === undefined ? '' : ` ${JSON.stringify(data)}`}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

export function createRunner(options: RunnerOptions): Runner {
  const region = options.region ?? DEFAULT_REGION;
  const batchSize = options.batchSize ?? 10;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10) throw new RangeError(`batchSize must be 1..10, got ${batchSize}`);
  const concurrency = options.concurrency ?? 2;
  const maxIdleMs = options.maxIdleMs ?? 200;
  const functionTimeoutMs = options.functionTimeoutMs ?? 30_000;
  const log = options.log ?? consoleRunnerLog;

  const queues = (Object.keys(options.handlers) as QueueName[]).filter((q) => options.handlers[q] !== undefined);
  for (const queue of queues) {
    if (options.queueUrls[queue] === undefined) throw new Error(`no queue URL for ${queue}`);
  }
  const arns = new Map<QueueName, string>();
  const stats: RunnerStats = {
    queues: Object.fromEntries(queues.map((q) => [q, { batches: 0, records: 0, succeeded: 0, failed: 0, handlerErrors: 0, handlerMs: 0 }])),
    sweeps: 0,
    sweepErrors: 0,
  };

  let started = false;
  let stopped = false;
  /** Invocations (batches and sweeps) running now. */
  let inflight = 0;
  /** Bumped at every invocation start and end, so drain() sees activity between two looks. */
  let generation = 0;
  const workers: Promise<void>[] = [];
  const sleepers = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  let sweepChain: Promise<void> = Promise.resolve();

  /** Ends every idle pause at once (drain, stop). */
  const wakeAll = () => {
    lastWake = Date.now();
    for (const wake of [...sleepers]) wake();
  };
  /**
   * After an invocation (which may have sent messages to other queues): wake the idle pollers so
   * the next hop does not wait out their back-off, at most every 25 ms so a busy run does not
   * turn idle queues into a stream of empty receives.
   */
  let lastWake = 0;
  const nudge = () => {
    if (Date.now() - lastWake >= 25) wakeAll();
  };
  const idle = (ms: number) =>
    new Promise<void>((done) => {
      const wake = () => {
        clearTimeout(t);
        sleepers.delete(wake);
        done();
      };
      const t = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  const context = (functionName: string): Context => lambdaContext(functionName, functionTimeoutMs, region);

  const invoke = async (queue: QueueName, messages: Message[]): Promise<void> => {
    const handler = options.handlers[queue]!;
    const queueStats = stats.queues[queue]!;
    const records = messages.map((m) => toSqsRecord(m, arns.get(queue)!, region));
    inflight++;
    generation++;
    const startedAt = Date.now();
    try {
      let failedIds: Set<string>;
      try {
        const result = await handler({ Records: records }, context(`looptijd-${queue}`));
        failedIds = failuresOf(result, records, (reason) => log('warn', `${queue}: ${reason}; the whole batch returns to the queue`));
      } catch (error) {
        // As Lambda: an invocation that throws fails the whole batch.
        queueStats.handlerErrors++;
        log('error', `${queue}: handler threw; ${records.length} message(s) return to the queue`, { error: describe(error) });
        failedIds = new Set(records.map((r) => r.messageId));
      }
      const elapsed = Date.now() - startedAt;
      if (elapsed > functionTimeoutMs) log('warn', `${queue}: invocation took ${elapsed} ms, longer than the function timeout`);
      const done = records.filter((r) => !failedIds.has(r.messageId));
      if (done.length > 0) await deleteMessages(queue, done);
      queueStats.batches++;
      queueStats.records += records.length;
      queueStats.succeeded += done.length;
      queueStats.failed += records.length - done.length;
      queueStats.handlerMs += elapsed;
    } finally {
      inflight--;
      generation++;
      nudge();
    }
  };

  const deleteMessages = async (queue: QueueName, records: SQSRecord[]): Promise<void> => {
    try {
      const { Failed = [] } = await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrls[queue]!,
          Entries: records.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
      if (Failed.length > 0) log('warn', `${queue}: ${Failed.length} delete(s) failed; those messages will be delivered again`, { failed: Failed });
    } catch (error) {
      log('warn', `${queue}: DeleteMessageBatch failed; the batch will be delivered again`, { error: describe(error) });
    }
  };

  const release = async (queue: QueueName, messages: Message[]): Promise<void> => {
    try {
      await options.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: options.queueUrls[queue]!,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
        }),
      );
    } catch (error) {
      log('warn', `${queue}: could not release ${messages.length} message(s) received while stopping; they return after the visibility timeout`, { error: describe(error) });
    }
  };

  const poll = async (queue: QueueName): Promise<void> => {
    const url = options.queueUrls[queue]!;
    let pause = 5;
    while (!stopped) {
      let messages: Message[];
      try {
        // Short polls: local-aws-sqs holds a long poll for its whole wait unless a full batch is there.
        const response = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: 0,
            // local-aws-sqs returns system attributes (ApproximateReceiveCount…) only for AttributeNames.
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          // Not aborted by stop(): local-aws-sqs keeps scanning for an aborted receive (up to 40 ms) and
          // hides what it finds for the whole visibility timeout; a short poll ends soon enough anyway.
        );
        messages = response.Messages ?? [];
      } catch (error) {
        if (stopped) return;
        log('warn', `${queue}: ReceiveMessage failed`, { error: describe(error) });
        await idle(1_000);
        continue;
      }
      if (stopped) {
        // Received while stopping: hand the messages back now instead of after the visibility timeout.
        if (messages.length > 0) await release(queue, messages);
        return;
      }
      if (messages.length === 0) {
        await idle(pause);
        pause = Math.min(maxIdleMs, pause * 2);
        continue;
      }
      pause = 5;
      await invoke(queue, messages);
    }
  };

  const sweepOnce = async (): Promise<void> => {
    const sweep = options.sweep;
    if (sweep === undefined) return;
    inflight++;
    generation++;
    try {
      await sweep(scheduledEvent(options.clock.now(), region), context('looptijd-sweep'));
      stats.sweeps++;
    } catch (error) {
      stats.sweepErrors++;
      throw error;
    } finally {
      inflight--;
      generation++;
      nudge();
    }
  };

  const runSweep = (): Promise<void> => {
    const next = sweepChain.then(sweepOnce);
    sweepChain = next.catch(() => undefined);
    return next;
  };

  const queueCounts = async (): Promise<Record<string, number>> => {
    const entries = await Promise.all(
      queues.map(async (queue) => {
        const { Attributes = {} } = await options.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: options.queueUrls[queue]!,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
          }),
        );
        // local-aws-sqs counts in-flight messages in ApproximateNumberOfMessages as well; any non-zero means busy.
        const count =
          Number(Attributes.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
        return [queue, count] as const;
      }),
    );
    return Object.fromEntries(entries);
  };

  const totals = () => {
    let succeeded = 0;
    let failed = 0;
    for (const s of Object.values(stats.queues)) {
      succeeded += s.succeeded;
      failed += s.failed;
    }
    return { succeeded, failed };
  };

  return {
    async start() {
      if (started) return;
      started = true;
      await Promise.all(
        queues.map(async (queue) => {
          const { Attributes } = await options.sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: options.queueUrls[queue]!, AttributeNames: ['QueueArn'] }),
          );
          arns.set(queue, Attributes?.QueueArn ?? `arn:aws:sqs:${region}:${LOCAL_ACCOUNT_ID}:${queue}`);
        }),
      );
      for (const queue of queues) {
        for (let i = 0; i < concurrency; i++) workers.push(poll(queue));
      }
      const interval = options.sweepIntervalMs === undefined ? SWEEP.rateMinutes * 60_000 : options.sweepIntervalMs;
      if (interval !== null && options.sweep !== undefined) {
        timer = setInterval(() => {
          runSweep().catch((error: unknown) => log('error', 'scheduled sweep failed', { error: describe(error) }));
        }, interval);
        timer.unref();
      }
    },

    runSweep,

    async drain(drainOptions = {}) {
      const timeoutMs = drainOptions.timeoutMs ?? 120_000;
      const startedAt = Date.now();
      const before = totals();
      let quiet = 0;
      let busy: Record<string, number> = {};
      // Messages sent from outside (a test, the CLI) are picked up now, not after the back-off.
      wakeAll();
      for (;;) {
        const generationBefore = generation;
        let idleNow = false;
        if (inflight === 0) {
          busy = await queueCounts();
          idleNow = inflight === 0 && generation === generationBefore && Object.values(busy).every((n) => n === 0);
        } else {
          busy = { inflight };
        }
        // Two quiet looks in a row: nothing ran in between and every queue stayed empty.
        if (idleNow) {
          if (++quiet >= 2) break;
        } else {
          quiet = 0;
        }
        const waited = Date.now() - startedAt;
        if (waited > timeoutMs) throw new DrainTimeoutError(waited, busy);
        // Quick second look when quiet; otherwise do not flood SQS with GetQueueAttributes while work runs.
        await sleep(idleNow ? 5 : inflight > 0 ? 20 : 50);
      }
      const after = totals();
      return { processed: after.succeeded - before.succeeded, failed: after.failed - before.failed, ms: Date.now() - startedAt };
    },

    stats: () => structuredClone(stats),

    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      wakeAll();
      await Promise.race([Promise.allSettled(workers), sleep(functionTimeoutMs)]);
      await sweepChain;
    },
  };
}

/** The Lambda context a local invocation gets, as AWS would pass it. */
export function lambdaContext(functionName: string, timeoutMs = 30_000, region: string = DEFAULT_REGION): Context {
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The SQS message as Lambda's event source mapping passes it (one record of an SQSEvent). */
function toSqsRecord(message: Message, eventSourceARN: string, region: string = DEFAULT_REGION): SQSRecord {
  const a = message.Attributes ?? {};
  const now = String(Date.now());
  const attributes: SQSRecord['attributes'] = {
    ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
    SentTimestamp: a.SentTimestamp ?? now,
    SenderId: a.SenderId ?? LOCAL_ACCOUNT_ID,
    ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? now,
  };
  for (const key of ['AWSTraceHeader', 'SequenceNumber', 'MessageGroupId', 'MessageDeduplicationId', 'DeadLetterQueueSourceArn'] as const) {
    const value = a[key];
    if (value !== undefined) attributes[key] = value;
  }
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
    };
  }
  return {
    messageId: message.MessageId ?? randomUUID(),
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes !== undefined ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion: region,
  };
}

/** The scheduled event EventBridge sends at `time` (ISO instant, second precision like AWS). */
function scheduledEvent(time: string, region: string = DEFAULT_REGION): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${LOCAL_ACCOUNT_ID}:rule/looptijd-sweep`],
    detail: {},
  };
}

/**
 * The messages to leave on the queue, by Lambda's rules for ReportBatchItemFailures: none when
 * the response is empty; the named ones; the whole batch when an identifier is missing or unknown.
 */
function failuresOf(result: unknown, records: readonly SQSRecord[], warn: (reason: string) => void = () => undefined): Set<string> {
  const all = new Set(records.map((r) => r.messageId));
  if (result === undefined || result === null) return new Set();
  const failures = (result as Partial<SQSBatchResponse>).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) {
    warn('batchItemFailures is not an array');
    return all;
  }
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !all.has(id)) {
      warn(`batchItemFailures names an unknown itemIdentifier ${JSON.stringify(id)}`);
      return all;
    }
    failed.add(id);
  }
  return failed;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// ---------------------------------------------------------------------------------------------
// The functions the runner hosts

export interface LocalFunctions {
  handlers: Record<QueueName, SqsBatchHandler>;
  sweep: ScheduledHandler;
}

/** Builds every handler with the given deps, as each Lambda's composition root does in AWS. */
export function createFunctions(deps: Deps): LocalFunctions {
  return {
    handlers: {
      'subscription-events': createSubscriptionEvents(deps) as unknown as SqsBatchHandler,
      'payment-events': createPaymentEvents(deps) as unknown as SqsBatchHandler,
      'cancellation-events': createCancellationEvents(deps) as unknown as SqsBatchHandler,
      outbox: createOutbox(deps) as unknown as SqsBatchHandler,
    },
    sweep: createSweep(deps) as unknown as ScheduledHandler,
  };
}
