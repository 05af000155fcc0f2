/**
 * Partner API latency at a steady 200 requests/s (autocannon, ~10 s) through the local HTTP
 * server → partner-api handler → DynamoDB Local, next to DynamoDB Local's own GetItem latency
 * measured in the same run at the same concurrency. A partner API read is the API key (cached
 * 5 s per instance, as an authorizer cache), then two GetItems in a row (subscription index,
 * account) plus the view, so ~2× GetItem is the floor.
 *
 * Environment: BENCH_API_RATE (default 200), BENCH_API_SECONDS (default 10), BENCH_API_CONNECTIONS (default 50: enough that the rate, not the latency, paces the load).
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ApiKeys } from '../adapters/api-keys.js';
import { LOCAL_CURSOR_SECRET, LOCAL_WEBHOOK_SECRET } from '../api/config.js';
import { processEvent } from '../app/process-event.js';
import type { IncomingEvent } from '../domain/index.js';
import { createHandler as partnerApi } from '../functions/partner-api.js';
import { createLocalDeps } from '../functions/local-deps.js';
import { createLocalClients } from '../local/clients.js';
import { createSimulatedClock } from '../local/clock.js';
import { startHttpServer } from '../local/http.js';
import { provision } from '../local/provision.js';
import { createFunctions, createRunner } from '../local/runner.js';
import { freePorts, startLocalStack } from '../local/stack.js';
import type { BenchDef, BenchFigure } from './index.js';

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

const START = '2026-03-02T09:00:00+01:00';
const CUSTOMERS = 20;

const apiBench: BenchDef = {
  name: 'partner-api',
  description: 'partner API p50/p99 at a steady request rate (autocannon) next to DynamoDB Local GetItem p99, same run',
  async run(ctx) {
    const rate = envInt('BENCH_API_RATE', 200);
    const seconds = envInt('BENCH_API_SECONDS', 10);
    const connections = envInt('BENCH_API_CONNECTIONS', 50);
    const [dynamoPort, sqsPort, sesPort] = await freePorts(3);
    const stack = await startLocalStack({ dynamoPort, sqsPort, sesPort, inMemory: true });
    const clients = createLocalClients(stack.endpoints);
    try {
      const { tableName, queueUrls } = await provision(stack.endpoints, { visibilityTimeoutSeconds: 30 });
      const clock = createSimulatedClock({ start: START, mode: 'frozen' });
      const deps = createLocalDeps({ clients, tableName, queueUrls, clock });

      // Seed through the same use case the queue handlers run: one reseller, CUSTOMERS accounts with one live subscription each.
      let n = 0;
      const ev = (type: string, data: Record<string, unknown>) => ({ id: `bench_${++n}`, type, occurredAt: START, data }) as unknown as IncomingEvent;
      await processEvent(deps, ev('reseller.created', { resellerId: 'res-bench', name: 'Bench', email: 'bench@reseller.example' }));
      for (let i = 0; i < CUSTOMERS; i++) {
        await processEvent(deps, ev('customer.created', { customerId: `cus-${i}`, kind: 'business', name: `Klant ${i}`, email: `k${i}@klant.example`, language: 'nl', resellerId: 'res-bench', directDebit: true }));
        await processEvent(deps, ev('subscription.created', { subscriptionId: `sub-${i}`, customerId: `cus-${i}`, termsId: 'totaldesk', plan: { name: 'Werkplek', priceCents: 5000, period: 'month' }, seats: 2 }));
        await processEvent(deps, ev('subscription.activated', { subscriptionId: `sub-${i}` }));
      }
      const { key } = await new ApiKeys(clients.doc, tableName).create({ resellerId: 'res-bench', name: 'bench' });

      const runner = createRunner({ sqs: clients.sqs, queueUrls, handlers: createFunctions(deps).handlers, clock, sweepIntervalMs: null, log: () => undefined });
      // The rate limit is per key: lifted here so the bench measures latency, not 429s.
      const config = { webhookSecret: LOCAL_WEBHOOK_SECRET, cursorSecret: LOCAL_CURSOR_SECRET, rateLimit: { perSecond: 1e6, burst: 1e6 }, apiKeyCacheSeconds: 5 };
      const http = await startHttpServer({
        port: 0, deps, clock, runner, log: () => undefined,
        routes: [{ method: 'ANY', path: '/v1/{proxy+}', load: async () => (d) => partnerApi(d, config) }],
      });
      try {
        const headers = { authorization: `Bearer ${key}` };
        const requests = [
          ...Array.from({ length: CUSTOMERS }, (_, i) => ({ method: 'GET' as const, path: `/v1/subscriptions/sub-${i}`, headers })),
          ...Array.from({ length: 5 }, (_, i) => ({ method: 'GET' as const, path: `/v1/customers/cus-${i}`, headers })),
          ...Array.from({ length: 5 }, (_, i) => ({ method: 'GET' as const, path: `/v1/subscriptions/sub-${i}/events`, headers })),
          { method: 'GET' as const, path: '/v1/customers?limit=20', headers },
          { method: 'GET' as const, path: '/v1/subscriptions?limit=20', headers },
        ];
        // Warm up (JIT, connections, the lazily built handler).
        await autocannon({ url: http.url, connections: 2, amount: 200, requests });
        const load = await new Promise<{ latencies: number[]; statuses: Record<string, number>; errors: number; perInstance: number }>((done, fail) => {
          const worker = new Worker(new URL('./api-load.mjs', import.meta.url), { workerData: { url: http.url, rate, seconds, instances: connections, requests } });
          worker.once('message', done);
          worker.once('error', fail);
        });
        const latencies = [...load.latencies].sort((a, b) => a - b);
        const answered = latencies.length;
        const ok = Object.entries(load.statuses).filter(([s]) => s.startsWith('2')).reduce((sum, [, n]) => sum + n, 0);
        const result = {
          latency: { p50: quantile(latencies, 0.5), p90: quantile(latencies, 0.9), p99: quantile(latencies, 0.99), max: latencies[latencies.length - 1] ?? NaN },
        };

        // DynamoDB Local GetItem alone, same process, same concurrency, about the same number of calls.
        const samples: number[] = [];
        const calls = Math.max(2000, answered);
        const callers = 10;
        let next = 0;
        await Promise.all(Array.from({ length: callers }, async () => {
          while (next < calls) {
            const i = next++;
            const t0 = performance.now();
            await clients.doc.send(new GetCommand({ TableName: tableName, Key: { pk: `CUST#cus-${i % CUSTOMERS}`, sk: 'ACCOUNT' } }));
            samples.push(performance.now() - t0);
          }
        }));
        samples.sort((a, b) => a - b);

        // GetItem at the same steady arrival rate as the API load (open loop, one every 1/rate s).
        const paced: number[] = [];
        await new Promise<void>((done) => {
          let fired = 0;
          let pending = 0;
          const total = rate * Math.min(seconds, 5);
          const t0 = performance.now();
          const tick = () => {
            const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
            while (fired < due) {
              const i = fired++;
              pending++;
              const started = performance.now();
              void clients.doc.send(new GetCommand({ TableName: tableName, Key: { pk: `CUST#cus-${i % CUSTOMERS}`, sk: 'ACCOUNT' } })).then(() => {
                paced.push(performance.now() - started);
                if (--pending === 0 && fired === total) done();
              });
            }
            if (fired < total) setTimeout(tick, 1);
          };
          tick();
        });
        paced.sort((a, b) => a - b);

        // Unloaded, one caller: the cost of one request without queueing behind others.
        const serial = async (f: () => Promise<unknown>) => {
          const out: number[] = [];
          for (let i = 0; i < 300; i++) {
            const t0 = performance.now();
            await f();
            if (i >= 50) out.push(performance.now() - t0);
          }
          return out.sort((a, b) => a - b);
        };
        const oneGet = await serial(() => clients.doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'CUST#cus-0', sk: 'ACCOUNT' } })));
        const oneApi = await serial(async () => (await fetch(`${http.url}/v1/subscriptions/sub-0`, { headers })).text());

        const figures: BenchFigure[] = [
          { label: 'api p50', value: result.latency.p50, unit: 'ms' },
          { label: 'api p99', value: result.latency.p99, unit: 'ms' },
          { label: 'api rate', value: answered / seconds, unit: 'req/s' },
          { label: 'getitem p50', value: quantile(samples, 0.5), unit: 'ms' },
          { label: 'getitem p99', value: quantile(samples, 0.99), unit: 'ms' },
          { label: 'getitem steady p99', value: quantile(paced, 0.99), unit: 'ms' },
          { label: 'api unloaded p50', value: quantile(oneApi, 0.5), unit: 'ms' },
        ];
        ctx.report(`target ${rate} req/s for ${seconds} s, open loop: ${connections} one-connection autocannon instances of ${load.perInstance} req/s, staggered; mix: GET subscription, customer, events, two lists`);
        ctx.report(`answered ${answered} (${(answered / seconds).toFixed(0)} req/s), 2xx ${ok}, non-2xx ${answered - ok}, errors/timeouts ${load.errors}`);
        ctx.report(`partner API latency  p50 ${result.latency.p50.toFixed(1)} ms   p90 ${result.latency.p90.toFixed(1)} ms   p99 ${result.latency.p99.toFixed(1)} ms   max ${result.latency.max.toFixed(1)} ms`);
        ctx.report(`DynamoDB Local GetItem flat out (${samples.length} calls, ${callers} callers)  p50 ${quantile(samples, 0.5).toFixed(2)} ms   p99 ${quantile(samples, 0.99).toFixed(2)} ms`);
        ctx.report(`DynamoDB Local GetItem at a steady ${rate}/s (${paced.length} calls)  p50 ${quantile(paced, 0.5).toFixed(2)} ms   p99 ${quantile(paced, 0.99).toFixed(2)} ms`);
        ctx.report(`unloaded, one caller: GET /v1/subscriptions/{id} p50 ${quantile(oneApi, 0.5).toFixed(2)} ms p99 ${quantile(oneApi, 0.99).toFixed(2)} ms; GetItem p50 ${quantile(oneGet, 0.5).toFixed(2)} ms p99 ${quantile(oneGet, 0.99).toFixed(2)} ms`);
        ctx.report(`ratio api p99 / steady GetItem p99: ${(result.latency.p99 / quantile(paced, 0.99)).toFixed(1)}× (a single read is 2 sequential GetItems — subscription index, account — plus the view; the key lookup is cached 5 s)`);
        return figures;
      } finally {
        await http.close();
      }
    } finally {
      clients.destroy();
      await stack.stop();
    }
  },
};

export const apiBenches: BenchDef[] = [apiBench];
