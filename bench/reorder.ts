/**
 * Issue 11's shuffled-order experiment on the local stack: N customers (default 200), each with
 * 1–3 subscriptions (TotalDesk with an activation, or ComputerStudent), a third with a payment and
 * half of those with its reversal; every event sent 1–3 times, all shuffled, and all queued before
 * the runner starts, so the backlog is longer than the retry budget (visibility 1 s ×
 * maxReceiveCount 5). Then: is every customer and subscription where in-order delivery puts it,
 * and what is in the DLQ?
 *
 * Run once with parking (the pipeline as it is) and once with a Parking that refuses (an early
 * event fails and is retried until SQS dead-letters it: the behaviour before issue 11).
 * Environment: BENCH_REORDER_CUSTOMERS (default 200), BENCH_REORDER_SEED (default 11).
 */
import { performance } from 'node:perf_hooks';
import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InfraError } from '../adapters/errors.js';
import type { Parking } from '../app/ports.js';
import { QUEUE_OF, type IncomingEvent } from '../domain/index.js';
import { createLocalDeps } from '../functions/local-deps.js';
import { createLocalClients, type LocalClients } from '../local/clients.js';
import { createSimulatedClock } from '../local/clock.js';
import { provision, provisionQueues, type QueueUrls } from '../local/provision.js';
import { createFunctions, createRunner } from '../local/runner.js';
import { freePorts, startLocalStack } from '../local/stack.js';
import type { BenchDef, BenchFigure } from './index.js';
import { prng } from './prng.js';

const START = '2026-02-01T09:00:00.000Z';

export interface ReorderScenario {
  /** Every delivery, copies included, in the shuffled order they are queued. */
  readonly deliveries: IncomingEvent[];
  readonly customers: string[];
  /** Where each subscription must end: TotalDesk activated and ComputerStudent are live. */
  readonly subscriptions: Array<{ id: string; customerId: string; status: 'live' }>;
  readonly reversedPayments: Array<{ id: string; customerId: string }>;
  readonly paidPayments: Array<{ id: string; customerId: string }>;
}


export function reorderScenario(customers: number, seed: number, tag: string): ReorderScenario {
  const random = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const events: IncomingEvent[] = [];
  const s: ReorderScenario = { deliveries: [], customers: [], subscriptions: [], reversedPayments: [], paidPayments: [] };
  for (let c = 0; c < customers; c++) {
    const customerId = `cus_${tag}_${c}`;
    s.customers.push(customerId);
    events.push({ id: `cc_${tag}_${c}`, type: 'customer.created', occurredAt: START, data: { customerId, kind: 'business', name: `Klant ${c}`, email: `k${c}-${tag}@example.test`, language: 'nl', resellerId: 'demo-reseller', directDebit: true } });
    for (let n = int(1, 3); n > 0; n--) {
      const subscriptionId = `sub_${tag}_${c}_${n}`;
      const totaldesk = random() < 0.5;
      events.push({ id: `sc_${tag}_${c}_${n}`, type: 'subscription.created', occurredAt: START, data: { subscriptionId, customerId, termsId: totaldesk ? 'totaldesk' : 'computerstudent', plan: { name: 'Plan', priceCents: 2500, period: 'month' }, seats: int(1, 5) } });
      if (totaldesk) events.push({ id: `sa_${tag}_${c}_${n}`, type: 'subscription.activated', occurredAt: START, data: { subscriptionId } });
      s.subscriptions.push({ id: subscriptionId, customerId, status: 'live' });
    }
    if (random() < 1 / 3) {
      const paymentId = `pay_${tag}_${c}`;
      events.push({ id: `ps_${tag}_${c}`, type: 'payment.succeeded', occurredAt: START, data: { paymentId, customerId, amountCents: 1000, method: 'ideal' } });
      if (random() < 0.5) {
        events.push({ id: `pr_${tag}_${c}`, type: 'payment.reversed', occurredAt: START, data: { paymentId, reason: 'storno' } });
        s.reversedPayments.push({ id: paymentId, customerId });
      } else s.paidPayments.push({ id: paymentId, customerId });
    }
  }
  for (const e of events) for (let k = int(1, 3); k > 0; k--) s.deliveries.push(e);
  for (let i = s.deliveries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [s.deliveries[i], s.deliveries[j]] = [s.deliveries[j]!, s.deliveries[i]!];
  }
  return s;
}

export async function queueAll(clients: LocalClients, queueUrls: QueueUrls, events: readonly IncomingEvent[]): Promise<void> {
  // One queue at a time keeps the shuffled order within each queue.
  for (let i = 0; i < events.length; ) {
    const queue = QUEUE_OF[events[i]!.type];
    const chunk: IncomingEvent[] = [];
    while (i < events.length && chunk.length < 10 && QUEUE_OF[events[i]!.type] === queue) chunk.push(events[i++]!);
    await clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrls[queue], Entries: chunk.map((e, n) => ({ Id: String(n), MessageBody: JSON.stringify(e) })) }));
  }
}

export interface ReorderOutcome {
  readonly customersMissing: number;
  readonly subscriptionsWrong: number;
  readonly paymentsWrong: number;
  readonly deadLettered: number;
  readonly stillParked: number;
}

/** Reads where every customer, subscription and payment ended, the DLQs and what is still parked. */
export async function reorderOutcome(deps: ReturnType<typeof createLocalDeps>, s: ReorderScenario): Promise<ReorderOutcome> {
  let customersMissing = 0;
  let subscriptionsWrong = 0;
  let paymentsWrong = 0;
  for (const customerId of s.customers) {
    const account = await deps.store.load(customerId);
    if (!account) {
      customersMissing++;
      subscriptionsWrong += s.subscriptions.filter((x) => x.customerId === customerId).length;
      continue;
    }
    for (const sub of s.subscriptions.filter((x) => x.customerId === customerId)) if (account.state.subscriptions[sub.id]?.status !== sub.status) subscriptionsWrong++;
    for (const p of s.reversedPayments.filter((x) => x.customerId === customerId)) if (account.state.payments[p.id]?.status !== 'reversed') paymentsWrong++;
    for (const p of s.paidPayments.filter((x) => x.customerId === customerId)) if (account.state.payments[p.id]?.status !== 'succeeded') paymentsWrong++;
  }
  let deadLettered = 0;
  for (const dlq of ['subscription-events-dlq', 'payment-events-dlq', 'cancellation-events-dlq'] as const) {
    const { Attributes = {} } = await deps.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: deps.queueUrls[dlq], AttributeNames: ['ApproximateNumberOfMessages'] }));
    deadLettered += Number(Attributes.ApproximateNumberOfMessages ?? 0);
  }
  const parked = await deps.clients.doc.send(new QueryCommand({ TableName: deps.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'PARKED' }, Select: 'COUNT' }));
  return { customersMissing, subscriptionsWrong, paymentsWrong, deadLettered, stillParked: parked.Count ?? 0 };
}

/** The behaviour before issue 11: an early event cannot park, so it fails and SQS retries it. */
const refusingParking: Parking = {
  park: async () => {
    throw new InfraError('store.unavailable', 'parking disabled: retried by SQS as before issue 11');
  },
  waitingFor: async () => [],
  overdue: async () => [],
  expire: async () => undefined,
  remove: async () => undefined,
};

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

export const reorderBenches: BenchDef[] = [
  {
    name: 'reorder',
    description: 'shuffled, duplicated creation events for N customers, a backlog longer than the retry budget: with parking and without',
    async run(ctx) {
      const customers = envInt('BENCH_REORDER_CUSTOMERS', 200);
      const seed = envInt('BENCH_REORDER_SEED', 11);
      const [dynamoPort, sqsPort, sesPort] = await freePorts(3);
      const stack = await startLocalStack({ dynamoPort, sqsPort, sesPort, inMemory: true });
      const clients = createLocalClients(stack.endpoints);
      const figures: BenchFigure[] = [];
      try {
        const { tableName } = await provision(stack.endpoints, { visibilityTimeoutSeconds: 1 });
        for (const mode of ['parking', 'without parking'] as const) {
          const tag = `${mode === 'parking' ? 'p' : 'n'}${seed}`;
          // Queues of its own per mode, with the production redrive (maxReceiveCount 5) and a 1 s visibility timeout.
          const queueUrls = await provisionQueues(clients.sqs, { prefix: `reorder-${tag}-${Date.now().toString(36)}`, visibilityTimeoutSeconds: 1 });
          const clock = createSimulatedClock({ start: START, mode: 'frozen' });
          const base = createLocalDeps({ clients, tableName, queueUrls, clock, logLevel: 'SILENT' });
          const deps = mode === 'parking' ? base : { ...base, parking: refusingParking };
          const scenario = reorderScenario(customers, seed, tag);
          await queueAll(clients, queueUrls, scenario.deliveries);
          const runner = createRunner({ sqs: clients.sqs, queueUrls, handlers: createFunctions(deps).handlers, clock, sweepIntervalMs: null, concurrency: 2, batchSize: 10, functionTimeoutMs: 10_000, log: () => undefined });
          const t0 = performance.now();
          await runner.start();
          await runner.drain({ timeoutMs: 900_000 });
          const ms = performance.now() - t0;
          await runner.stop();
          const outcome = await reorderOutcome(deps, scenario);
          ctx.report(
            `${mode}: ${customers} customers, ${scenario.subscriptions.length} subscriptions, ${scenario.deliveries.length} deliveries in ${(ms / 1000).toFixed(1)} s ` +
              `(retry budget 5 × 1 s) → customers missing ${outcome.customersMissing}, subscriptions not live ${outcome.subscriptionsWrong}, ` +
              `payments wrong ${outcome.paymentsWrong}, dead-lettered ${outcome.deadLettered}, still parked ${outcome.stillParked}`,
          );
          figures.push(
            { label: `${mode}: subscriptions not live`, value: outcome.subscriptionsWrong, unit: 'subscriptions' },
            { label: `${mode}: dead-lettered`, value: outcome.deadLettered, unit: 'messages' },
            { label: `${mode}: drain time`, value: Math.round(ms), unit: 'ms' },
          );
        }
      } finally {
        clients.destroy();
        await stack.stop();
      }
      return figures;
    },
  },
];
