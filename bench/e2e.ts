/**
 * End to end on the local stack: events/s through queue → runner → handler → DynamoDB (and the
 * outbox → SES hop the events cause), next to the raw TransactWriteItems/s DynamoDB Local does at
 * the same concurrency in the same run. The ratio is the figure that matters: absolute numbers
 * say more about the machine than about the code. Also the AWS requests per event by kind,
 * counted with SDK middleware, for the handlers and for the runner (the event source mapping).
 *
 * The events are queued before the runner starts, so the clock measures consumption only.
 * Environment: BENCH_E2E_EVENTS (per phase, default 600), BENCH_E2E_POLLERS (per queue,
 * default 2), BENCH_E2E_BATCH (default 10). Concurrency = pollers × batch: records in flight at
 * most (Powertools processes a batch's records in parallel), and the raw writers' count.
 */
import { performance } from 'node:perf_hooks';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { countRequests, RequestCounter } from '../adapters/request-counter.js';
import { meterCapacity } from './capacity.js';
import type { IncomingEvent } from '../domain/index.js';
import { QUEUE_OF } from '../domain/index.js';
import { createLocalDeps } from '../functions/local-deps.js';
import { createLocalClients, type LocalClients } from '../local/clients.js';
import { createSimulatedClock } from '../local/clock.js';
import { provision, type QueueUrls } from '../local/provision.js';
import { createFunctions, createRunner } from '../local/runner.js';
import { freePorts, startLocalStack } from '../local/stack.js';
import type { BenchDef, BenchFigure } from './index.js';

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

interface PhaseResult {
  name: string;
  events: number;
  ms: number;
  /** Raw TransactWriteItems/s measured just before the phase. */
  rawPerSecond: number;
  handlerRequests: Record<string, number>;
  runnerRequests: Record<string, number>;
  /** DynamoDB request units the handlers consumed (as billed on demand). */
  readUnits: number;
  writeUnits: number;
}

async function sendAll(clients: LocalClients, queueUrls: QueueUrls, events: readonly IncomingEvent[]): Promise<void> {
  const chunks: IncomingEvent[][] = [];
  for (let i = 0; i < events.length; i += 10) chunks.push(events.slice(i, i + 10) as IncomingEvent[]);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        await clients.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrls[QUEUE_OF[chunk[0]!.type]],
            Entries: chunk.map((e, i) => ({ Id: String(i), MessageBody: JSON.stringify(e) })),
          }),
        );
      }
    }),
  );
}

/** N raw TransactWriteItems shaped like one event's write (state with a version guard, marker, audit item). */
async function rawTransactions(clients: LocalClients, tableName: string, n: number, concurrency: number, run: string): Promise<number> {
  const state = JSON.stringify({ padding: 'x'.repeat(1500) });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const pk = `CUST#raw-${run}-${i}`;
        await clients.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: { pk, sk: 'ACCOUNT', version: 1, state }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: tableName, Item: { pk, sk: `EVT#raw-${i}`, outcome: 'applied' }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: tableName, Item: { pk: `SUB#raw-${run}-${i}`, sk: `AUDIT#${i}`, type: 'Bench', data: { i } } } },
            ],
          }),
        );
      }
    }),
  );
  return performance.now() - started;
}

const perEvent = (counts: Record<string, number>, events: number) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${(v / events).toFixed(2)}`)
    .join(', ');

export const e2eBench: BenchDef = {
  name: 'e2e',
  description: 'events/s queue → runner → handler → DynamoDB (+ outbox → SES) vs raw TransactWriteItems/s, same concurrency',
  async run(ctx) {
    const n = envInt('BENCH_E2E_EVENTS', 600);
    const pollers = envInt('BENCH_E2E_POLLERS', 2);
    const batch = Math.min(10, envInt('BENCH_E2E_BATCH', 10));
    const concurrency = pollers * batch;
    const run = Date.now().toString(36);

    const [dynamoPort, sqsPort, sesPort] = await freePorts(3);
    const stack = await startLocalStack({ dynamoPort, sqsPort, sesPort, inMemory: true });
    const handlerClients = createLocalClients(stack.endpoints);
    const runnerClients = createLocalClients(stack.endpoints);
    try {
      const { tableName, queueUrls } = await provision(stack.endpoints, { visibilityTimeoutSeconds: 30 });
      const handlerCounter = countRequests({ dynamodb: handlerClients.dynamodb, sqs: handlerClients.sqs, ses: handlerClients.ses });
      const capacity = meterCapacity(handlerClients.dynamodb);
      const runnerCounter = countRequests({ dynamodb: runnerClients.dynamodb, sqs: runnerClients.sqs, ses: runnerClients.ses }, new RequestCounter());
      const clock = createSimulatedClock({ start: '2026-02-01T09:00:00+01:00', mode: 'frozen' });
      const deps = createLocalDeps({ clients: handlerClients, tableName, queueUrls, clock, logLevel: 'SILENT' });
      const functions = createFunctions(deps);
      const when = clock.now();

      // Warm up the JVM and the handlers (not measured).
      await rawTransactions(handlerClients, tableName, 200, concurrency, `${run}w`);

      let rawRound = 0;
      const phase = async (name: string, events: IncomingEvent[]): Promise<PhaseResult> => {
        await sendAll(handlerClients, queueUrls, events);
        // The baseline right next to the phase: a shared machine's load drifts within a run.
        const rawCount = Math.max(100, Math.floor(events.length / 2));
        const rawPerSecond = (rawCount / (await rawTransactions(handlerClients, tableName, rawCount, concurrency, `${run}r${rawRound++}`))) * 1000;
        handlerCounter.reset();
        runnerCounter.reset();
        capacity.reset();
        const runner = createRunner({
          sqs: runnerClients.sqs,
          queueUrls,
          handlers: functions.handlers,
          clock,
          sweepIntervalMs: null,
          concurrency: pollers,
          batchSize: batch,
          log: (level, message) => (level === 'error' ? ctx.report(`runner: ${message}`) : undefined),
        });
        const started = performance.now();
        await runner.start();
        await runner.drain({ timeoutMs: 600_000 });
        const ms = performance.now() - started;
        await runner.stop();
        const failed = Object.values(runner.stats().queues).reduce((s, q) => s + q.failed, 0);
        if (failed > 0) ctx.report(`${name}: ${failed} record(s) failed once and were retried`);
        return { name, events: events.length, ms, rawPerSecond, handlerRequests: handlerCounter.snapshot(), runnerRequests: runnerCounter.snapshot(), readUnits: capacity.read, writeUnits: capacity.write };
      };

      const ids = Array.from({ length: n }, (_, i) => `b${run}-${i}`);
      const results: PhaseResult[] = [];
      results.push(
        await phase(
          'customer.created',
          ids.map((id) => ({ id: `c-${id}`, type: 'customer.created', occurredAt: when, data: { customerId: id, kind: 'business', name: `Klant ${id}`, email: `${id}@bench.example`, language: 'nl', resellerId: 'bench', directDebit: true } })),
        ),
      );
      results.push(
        await phase(
          'subscription.created (invoice + e-mail via outbox → SES)',
          ids.map((id) => ({ id: `s-${id}`, type: 'subscription.created', occurredAt: when, data: { subscriptionId: `sub-${id}`, customerId: id, termsId: 'into-telecom', plan: { name: 'Internet', priceCents: 5000, period: 'month' }, seats: 2 } })),
        ),
      );
      results.push(
        await phase(
          'payment.succeeded',
          ids.map((id) => ({ id: `p-${id}`, type: 'payment.succeeded', occurredAt: when, data: { paymentId: `pay-${id}`, customerId: id, amountCents: 12100, method: 'direct_debit' } })),
        ),
      );

      const figures: BenchFigure[] = [];
      ctx.report(`concurrency ${concurrency} (${pollers} invocations per queue × batches of ${batch}); ${n} events per phase`);
      ctx.report('raw = TransactWriteItems of 3 items (~1.5 kB state, version guard, marker, audit) at the same number of callers, measured just before each phase');
      for (const r of results) {
        const perSecond = (r.events / r.ms) * 1000;
        ctx.report(`${r.name}: ${perSecond.toFixed(1)} events/s vs raw ${r.rawPerSecond.toFixed(1)} tx/s — ratio ${(perSecond / r.rawPerSecond).toFixed(2)}`);
        ctx.report(`    handler requests/event: ${perEvent(r.handlerRequests, r.events)}`);
        ctx.report(`    runner requests/event:  ${perEvent(r.runnerRequests, r.events)}`);
        ctx.report(`    DynamoDB units/event:   read ${(r.readUnits / r.events).toFixed(2)}, write ${(r.writeUnits / r.events).toFixed(2)} (handlers, incl. the outbox hop)`);
        figures.push({ label: `${r.name} write units/event`, value: r.writeUnits / r.events, unit: 'WRU' }, { label: `${r.name} read units/event`, value: r.readUnits / r.events, unit: 'RRU' });
        figures.push({ label: `${r.name} events/s`, value: perSecond, unit: 'events/s' });
        figures.push({ label: `${r.name} raw TransactWriteItems/s`, value: r.rawPerSecond, unit: 'tx/s' });
        figures.push({ label: `${r.name} ratio to raw`, value: perSecond / r.rawPerSecond, unit: 'ratio' });
      }
      return figures;
    } finally {
      handlerClients.destroy();
      runnerClients.destroy();
      await stack.stop();
    }
  },
};

export const e2eBenches: BenchDef[] = [e2eBench];
