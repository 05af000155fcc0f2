/**
 * Issue 7 through the pipeline (`npm run bench -- ledger-pipeline`): one business customer with
 * 40 totaldesk workplaces paying every invoice monthly for three years, through the real queues,
 * handlers, DynamoDB Local and the simulated clock (the sweep and drain /dev/clock does, without
 * the HTTP hop). Each month: the clock to the 1st (the sweep's ticks issue the month's invoices),
 * then to the 5th, where the month's payments (one per invoice) arrive.
 *
 * Prints the wall time of every month and the account item's size; the goal (issue 7): nothing
 * dead-lettered, arrears 0, a month late in the life at most 2× a month early in it. The run
 * stops at the first month a message fails for good (dead-lettered) and says why, or when
 * BENCH_LEDGER_PIPELINE_BUDGET_S (default 480 s) is spent. BENCH_LEDGER_PIPELINE_SUBS (40) and
 * BENCH_LEDGER_PIPELINE_MONTHS (36) size it; BENCH_LEDGER_PIPELINE_ARRIVAL=together queues the
 * opening and each month's payments at once (default one-by-one: each event when the one before
 * is done, so the figures are the ledger's, not the hot-account conflicts'); the e2e tier runs a smaller one
 * (test/e2e/ledger.e2e.test.ts).
 */
import { performance } from 'node:perf_hooks';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { QUEUE_OF, type IncomingEvent } from '../domain/index.js';
import { createLocalDeps } from '../functions/local-deps.js';
import { QUEUES } from '../infra/definitions.js';
import { createLocalClients, type LocalClients } from '../local/clients.js';
import { createSimulatedClock } from '../local/clock.js';
import { provisionQueues, provisionTable, type QueueUrls } from '../local/provision.js';
import { createFunctions, createRunner, DrainTimeoutError, type Runner } from '../local/runner.js';
import { freePorts, startLocalStack } from '../local/stack.js';
import { TABLE } from '../infra/definitions.js';
import type { BenchContext, BenchDef, BenchFigure } from './index.js';
import { dynamoItemBytes, LedgerScenario, localInstant, median } from './ledger-scenario.js';

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

/** Sends events to their queues, ten to a SendMessageBatch. */
export async function sendEvents(sqs: LocalClients['sqs'], queueUrls: QueueUrls, events: readonly IncomingEvent[]): Promise<void> {
  const byQueue = new Map<string, IncomingEvent[]>();
  for (const e of events) {
    const url = queueUrls[QUEUE_OF[e.type]];
    byQueue.set(url, [...(byQueue.get(url) ?? []), e]);
  }
  for (const [QueueUrl, list] of byQueue) {
    for (let i = 0; i < list.length; i += 10) {
      const chunk = list.slice(i, i + 10);
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: chunk.map((e, n) => ({ Id: String(n), MessageBody: JSON.stringify(e) })) }));
      if ((out.Failed ?? []).length > 0) throw new Error(`SQS refused ${JSON.stringify(out.Failed)}`);
    }
  }
}

/** Open invoices in a stored state, read defensively; `overdueBy`: only those due before that local day. */
export function openInvoices(state: unknown, overdueBy?: string): number {
  const invoices = (state as { invoices?: Record<string, { totalCents?: number; paidCents?: number; writtenOffCents?: number; dueOn?: string }> } | null)?.invoices;
  if (!invoices) return 0;
  return Object.values(invoices).filter((i) => (i.totalCents ?? 0) - (i.paidCents ?? 0) - (i.writtenOffCents ?? 0) > 0 && (overdueBy === undefined || (i.dueOn ?? '') < overdueBy)).length;
}

export interface MonthResult {
  readonly month: number;
  readonly ms: number;
  readonly accountBytes: number;
  readonly retried: number;
}

export interface LedgerRun {
  readonly months: MonthResult[];
  readonly failure: string | null;
  readonly deadLetters: number;
  readonly overdue: number;
  readonly open: number;
  readonly stoppedByBudget: boolean;
}

/** The scenario against a started stack; stops at the first dead letter or when the budget is spent. */
export async function runLedgerPipeline(options: {
  endpoints: { dynamodb: string; sqs: string; ses: string };
  subscriptions: number;
  months: number;
  budgetMs: number;
  tag: string;
  onMonth?: (m: MonthResult) => void;
  visibilityTimeoutSeconds?: number;
  /**
   * 'together': the opening and each month's payments are queued at once (a provider's bulk run:
   * many writes on one account at the same time, issue 7's "hot accounts"); 'one-by-one': each
   * event is queued when the one before is done, which measures the ledger without the conflicts.
   */
  arrival?: 'together' | 'one-by-one';
}): Promise<LedgerRun> {
  const clients = createLocalClients(options.endpoints);
  const tableName = `looptijd-ledger-${options.tag}`;
  const visibility = options.visibilityTimeoutSeconds ?? 30;
  let runner: Runner | undefined;
  try {
    await provisionTable(clients.dynamodb, { ...TABLE, name: tableName });
    const queueUrls = await provisionQueues(clients.sqs, { prefix: `ledger${options.tag}`, visibilityTimeoutSeconds: visibility, maxReceiveCount: 3 });
    const s = new LedgerScenario(options.subscriptions, options.tag);
    const clock = createSimulatedClock({ start: s.startAt, mode: 'frozen' });
    const deps = createLocalDeps({ clients, tableName, queueUrls, clock, logLevel: 'SILENT' });
    const functions = createFunctions(deps);
    const r = createRunner({ sqs: clients.sqs, queueUrls, handlers: functions.handlers, sweep: functions.sweep, clock, sweepIntervalMs: null, concurrency: 2, batchSize: 10, functionTimeoutMs: visibility * 1000, log: () => undefined });
    runner = r;
    await r.start();

    const failedSoFar = () => Object.values(r.stats().queues).reduce((sum, q) => sum + q.failed, 0);
    const deadLetters = async (): Promise<number> => {
      let n = 0;
      for (const q of Object.values(QUEUES)) {
        const { Attributes = {} } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrls[q.dlqName], AttributeNames: ['ApproximateNumberOfMessages'] }));
        n += Number(Attributes['ApproximateNumberOfMessages'] ?? 0);
      }
      return n;
    };
    const reasons = async (): Promise<string> => {
      const out = await clients.doc.send(new ScanCommand({ TableName: tableName, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': 'DLQ#' } }));
      const items = (out.Items ?? []).sort((a, b) => String(a['firstFailedAt']).localeCompare(String(b['firstFailedAt'])));
      const byCode = new Map<string, { n: number; message: string; type: string }>();
      for (const i of items) {
        const code = String(i['code']);
        let type = '?';
        try {
          type = (JSON.parse(String(i['body'])) as { type?: string }).type ?? '?';
        } catch {
          /* a body cut at its limit */
        }
        const seen = byCode.get(code);
        byCode.set(code, { n: (seen?.n ?? 0) + 1, message: seen?.message ?? String(i['message']).slice(0, 160), type: seen?.type ?? type });
      }
      return [...byCode.entries()].map(([code, v]) => `${code} ×${v.n} (first: ${v.type}: ${v.message})`).join('; ') || 'no reason recorded';
    };
    const account = async () => {
      const { Item } = await clients.doc.send(new GetCommand({ TableName: tableName, Key: { pk: `CUST#${s.customerId}`, sk: 'ACCOUNT' }, ConsistentRead: true }));
      return Item;
    };
    const drain = async (): Promise<void> => {
      await r.drain({ timeoutMs: Math.max(30_000, options.budgetMs) });
    };
    let failedAtStart = 0;
    /** Queues the events; one by one, it stops at the first that failed (it is on its way to the DLQ). */
    const deliver = async (events: readonly IncomingEvent[]): Promise<void> => {
      if (options.arrival === 'together') {
        await sendEvents(clients.sqs, queueUrls, events);
        await drain();
        return;
      }
      for (const e of events) {
        if (failedSoFar() > failedAtStart) return;
        await sendEvents(clients.sqs, queueUrls, [e]);
        await drain();
      }
    };
    const moveClock = async (now: string): Promise<void> => {
      clock.set(now);
      await r.runSweep();
      await drain();
    };

    const started = performance.now();
    const months: MonthResult[] = [];
    let failure: string | null = null;
    let stoppedByBudget = false;
    for (let m = 0; m < options.months; m++) {
      if (performance.now() - started > options.budgetMs) {
        stoppedByBudget = true;
        break;
      }
      const failedBefore = failedSoFar();
      failedAtStart = failedBefore;
      const t0 = performance.now();
      try {
        if (m === 0) {
          // The account and its workplaces as a provisioning system would send them: all at once.
          for (const wave of s.openingWaves()) await deliver(wave);
        } else {
          await moveClock(localInstant(m, 1, 0));
        }
        await moveClock(s.payDay(m));
        await deliver(s.payments(m));
      } catch (e) {
        if (!(e instanceof DrainTimeoutError)) throw e;
        failure = `month ${m + 1}: the pipeline did not drain (${e.message})`;
      }
      const ms = performance.now() - t0;
      const item = await account();
      const result = { month: m + 1, ms, accountBytes: item ? dynamoItemBytes(item) : 0, retried: failedSoFar() - failedBefore };
      months.push(result);
      options.onMonth?.(result);
      if (failure !== null) break;
      const dead = await deadLetters();
      if (dead > 0) {
        failure = `failed at month ${m + 1}: ${dead} message(s) dead-lettered — ${await reasons()}`;
        break;
      }
    }
    const item = await account();
    const state = item && typeof item['state'] === 'string' ? (JSON.parse(item['state']) as unknown) : null;
    const today = (localInstant(months.length > 0 ? months.length - 1 : 0, 5, 10)).slice(0, 10);
    return { months, failure, deadLetters: await deadLetters(), overdue: openInvoices(state, today), open: openInvoices(state), stoppedByBudget };
  } finally {
    await runner?.stop();
    clients.destroy();
  }
}

const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Early = median of months 2–4, late = median of the last three months simulated. */
export function earlyLate(months: readonly MonthResult[]): { early: number; late: number; ratio: number } | null {
  const steady = months.filter((m) => m.month >= 2);
  if (steady.length < 6) return null;
  const early = median(steady.slice(0, 3).map((m) => m.ms));
  const late = median(steady.slice(-3).map((m) => m.ms));
  return { early, late, ratio: late / early };
}

export const ledgerPipelineBench: BenchDef = {
  name: 'ledger-pipeline',
  description: 'issue 7: 40 workplaces paying monthly for three years through the queues, handlers, DynamoDB Local and the simulated clock',
  async run(ctx: BenchContext) {
    const subscriptions = envInt('BENCH_LEDGER_PIPELINE_SUBS', 40);
    const monthsWanted = envInt('BENCH_LEDGER_PIPELINE_MONTHS', 36);
    const budgetMs = envInt('BENCH_LEDGER_PIPELINE_BUDGET_S', 480) * 1000;
    const arrival = process.env['BENCH_LEDGER_PIPELINE_ARRIVAL'] === 'together' ? 'together' : 'one-by-one';
    const [dynamoPort, sqsPort, sesPort] = await freePorts(3);
    const stack = await startLocalStack({ dynamoPort, sqsPort, sesPort, inMemory: true });
    try {
      ctx.report(`${subscriptions} totaldesk workplaces × ${monthsWanted} months; events arrive ${arrival}; 2 pollers per queue × batches of 10; visibility ${arrival === 'together' ? 30 : 10} s, maxReceiveCount 3; budget ${budgetMs / 1000} s`);
      const run = await runLedgerPipeline({
        endpoints: stack.endpoints,
        subscriptions,
        months: monthsWanted,
        budgetMs,
        tag: Date.now().toString(36),
        arrival,
        // One by one, a record takes seconds: a failing one reaches its DLQ in 3 × 10 s.
        visibilityTimeoutSeconds: arrival === 'together' ? 30 : 10,
        onMonth: (m) => ctx.report(`month ${String(m.month).padStart(2)}: ${fmtS(m.ms).padStart(7)}  account item ${(m.accountBytes / 1024).toFixed(1).padStart(6)} KB${m.retried > 0 ? `  (${m.retried} record failures retried)` : ''}`),
      });
      const el = earlyLate(run.months);
      ctx.report('');
      ctx.report(`result: ${run.failure ?? (run.stoppedByBudget ? `stopped at the ${budgetMs / 1000} s budget after ${run.months.length} month(s)` : `all ${run.months.length} months simulated`)}`);
      ctx.report(`dead letters ${run.deadLetters}; invoices open ${run.open}, of which overdue ${run.overdue} (arrears ${run.overdue === 0 ? '0' : '> 0'})`);
      ctx.report(el ? `month early (median of months 2–4) ${fmtS(el.early)}, late (median of the last 3) ${fmtS(el.late)}: late/early ${el.ratio.toFixed(1)}× (goal ≤ 2×)` : 'too few months for early vs late');
      const last = run.months.at(-1);
      return [
        { label: 'months simulated', value: run.months.length, unit: 'months' },
        { label: 'dead letters', value: run.deadLetters, unit: 'messages' },
        ...(el ? [{ label: 'late/early month', value: el.ratio, unit: 'ratio' }] : []),
        ...(last ? [{ label: 'account item at the end', value: last.accountBytes, unit: 'bytes' }] : []),
      ] satisfies BenchFigure[];
    } finally {
      await stack.stop();
    }
  },
};
