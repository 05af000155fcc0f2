/**
 * `npm run bench -- bundles`: every function bundled exactly as the stack bundles it
 * (infra/runtime-layer.ts functionBuildOptions: esbuild, minified ESM, the SDK, Powertools, zod and
 * middy imported from the runtime layer), the runtime layer itself, each bundle's size against the
 * budget and its biggest contributors, and the cost of a cold start: a fresh Node process imports the
 * bundle and runs a first invocation with a realistic event up to its first AWS call (which fails
 * at once: every endpoint is a closed port). The layer is on the module path as in Lambda
 * (node_modules/looptijd-runtime), so its loading is in the figures.
 *
 * Two measures of the cold start: CPU ms (user + system, median of BENCH_RUNS processes), which on
 * a loaded machine mostly measures the other processes, and with BENCH_INSTRUCTIONS=1 the
 * instructions counted by valgrind's callgrind (one run each: the count repeats to within ~1%
 * whatever the load), minus those of a process importing an empty module.
 *
 * The last row is the floor (FLOOR): the libraries every function is required to load, with no code
 * of ours, measured the same way.
 *
 * Budgets (issue 9): ≤ 250 KB minified per function, import + init ≤ 100 ms.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { QUEUE_NAMES, SECRETS } from '../infra/definitions.js';
import { functions, type FunctionDefinition } from '../infra/functions.js';
import { buildRuntimeLayer, functionBuildOptions, RUNTIME_LAYER_PATH, RUNTIME_PACKAGE } from '../infra/runtime-layer.js';
import type { BenchDef, BenchFigure } from './index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.bench', 'bundles');
/** The layer as Lambda mounts it at /opt; OUT/node_modules/looptijd-runtime points into it, so the bundles resolve it. */
const LAYER = join(OUT, 'layer');
export const BUNDLE_BUDGET_BYTES = 250 * 1024;
export const INIT_BUDGET_MS = 100;
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);

/** A cold start as measured: CPU ms (medians of BENCH_RUNS processes) and, when BENCH_INSTRUCTIONS=1, instructions. */
export interface ColdStart {
  readonly importMs: number;
  readonly initMs: number;
  readonly wallMs: number;
  /** Instructions of import + first invocation (callgrind, minus an empty module's), when BENCH_INSTRUCTIONS=1. */
  readonly instructions?: number;
}

export interface BundleFigures extends ColdStart {
  readonly name: string;
  readonly bytes: number;
  /** Bytes of the runtime layer this function's static imports reach (loaded at its cold start). */
  readonly layerBytes: number;
}

/** Bundles one function as NodejsFunction does (same options), answering its path, size and biggest contributors. */
export async function bundle(fn: FunctionDefinition, out = OUT): Promise<{ file: string; bytes: number; top: string; layerImports: string[] }> {
  const file = join(out, fn.name, 'index.mjs');
  mkdirSync(dirname(file), { recursive: true });
  const result = await build({ ...functionBuildOptions(fn), outfile: file, sourcemap: 'external', metafile: true });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)!;
  const byPart: Record<string, number> = {};
  for (const [path, input] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const part = pkg !== null ? pkg[1]! : path.split('/')[0]!;
    byPart[part] = (byPart[part] ?? 0) + input.bytesInOutput;
  }
  const top = Object.entries(byPart).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([part, bytes]) => `${part} ${(bytes / 1024).toFixed(0)}`).join(', ');
  const layerImports = output.imports.filter((i) => i.external && i.kind === 'import-statement' && i.path.startsWith(`${RUNTIME_PACKAGE}/`)).map((i) => i.path.slice(RUNTIME_PACKAGE.length + 1));
  return { file, bytes: statSync(file).size, top, layerImports };
}

/** The layer's files a set of entries reaches through static imports (what a cold start loads before the first lazy import). */
function reachedBytes(layerFiles: Record<string, { bytes: number; imports: string[] }>, entries: readonly string[]): number {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || layerFiles[file] === undefined) return;
    seen.add(file);
    for (const next of layerFiles[file].imports) visit(next);
  };
  for (const e of entries) visit(`${e}.mjs`);
  return [...seen].reduce((sum, f) => sum + layerFiles[f]!.bytes, 0);
}

/** A realistic first invocation: it runs the whole cold start (deps, secrets, parsing) up to the first AWS call. */
function firstEvent(fn: FunctionDefinition): unknown {
  const record = (body: unknown) => ({
    messageId: 'm-1', receiptHandle: 'r-1', body: JSON.stringify(body), attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:eu-west-1:000000000000:looptijd-bench-${fn.trigger.kind === 'queue' ? fn.trigger.queue : ''}`,
  });
  const http = (method: string, path: string, headers: Record<string, string>, body?: string) => ({ version: '2.0', rawPath: path, rawQueryString: '', headers, ...(body !== undefined && { body }), requestContext: { http: { method, path } }, isBase64Encoded: false });
  switch (fn.trigger.kind) {
    case 'queue':
      // A customer.created (on the payment and cancellation queues refused as event.wrong_queue and dead-lettered: an SQS call).
      return fn.trigger.queue === 'outbox'
        ? { Records: [record({ key: 'email:customer.created:evt-bench' })] }
        : { Records: [record({ id: 'evt-bench', type: 'customer.created', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), data: { customerId: 'c-bench', kind: 'consumer', name: 'Jan', email: 'jan@example.com', resellerId: 'demo-reseller', directDebit: false } })] };
    case 'schedule':
      return { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
    case 'api':
      return fn.name === 'partner-api'
        ? http('GET', '/v1/customers', { authorization: 'Bearer lt_bench_key' })
        : http('POST', '/webhooks/payments', { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' }, '{}');
    case 'authorizer':
      return { version: '2.0', type: 'REQUEST', routeKey: 'ANY /v1/{proxy+}', headers: { authorization: 'Bearer lt_bench_key' }, identitySource: ['Bearer lt_bench_key'] };
    case 'emailFeedback':
      return { source: 'aws.ses', 'detail-type': 'Email Bounced', detail: { eventType: 'Bounce', mail: { messageId: 'm-1' }, bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'gone@example.com' }], timestamp: new Date().toISOString() } } };
    default: {
      const unknown: never = fn.trigger;
      throw new Error(`no first event for ${JSON.stringify(unknown)}`);
    }
  }
}

/** The environment the stack gives the function, with endpoints nothing listens on: a stray AWS call fails at once. */
function lambdaEnv(fn: FunctionDefinition): Record<string, string> {
  const dead = 'http://127.0.0.1:9';
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_MAX_ATTEMPTS: '1',
    AWS_ENDPOINT_URL: dead,
    TABLE_NAME: 'looptijd-bench',
    EVENT_BUS_NAME: 'looptijd-bench-access',
    MAIL_FROM: 'billing@bench.example',
    LOOPTIJD_STAGE: 'bench',
    POWERTOOLS_SERVICE_NAME: fn.name,
    POWERTOOLS_METRICS_NAMESPACE: 'Looptijd',
    POWERTOOLS_LOG_LEVEL: 'WARN',
  };
  for (const q of QUEUE_NAMES) env[`QUEUE_URL_${q.toUpperCase().replaceAll('-', '_')}`] = `${dead}/000000000000/looptijd-bench-${q}`;
  // As the stack passes them: the ARN of each secret the function reads, so its cold start loads Secrets Manager and asks it.
  for (const name of fn.uses.secrets ?? []) env[SECRETS[name].envArn] = `arn:aws:secretsmanager:eu-west-1:000000000000:secret:${SECRETS[name].name}`;
  return env;
}

// CPU time (user + system) of the process, not wall time: on a shared, loaded machine wall time
// mostly measures the other processes. Both are reported.
const PROBE = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const w0 = performance.now(), c0 = cpu();
const m = await import(process.argv[2]);
const w1 = performance.now(), c1 = cpu();
try { await m.handler(JSON.parse(process.argv[3]), { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 }); } catch {}
const w2 = performance.now(), c2 = cpu();
process.stderr.write('\\nBENCH ' + JSON.stringify({ importMs: c1 - c0, initMs: c2 - c1, wallMs: w2 - w0 }) + '\\n');
`;

async function probe(file: string, event: unknown, env: Record<string, string>): Promise<{ importMs: number; initMs: number; wallMs: number }> {
  const probeFile = join(OUT, 'probe.mjs');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [probeFile, file, JSON.stringify(event)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const line = err.split('\n').find((l) => l.startsWith('BENCH '));
      if (line === undefined) reject(new Error(`probe of ${file} printed no figures:\n${err.slice(-2000)}`));
      else resolvePromise(JSON.parse(line.slice('BENCH '.length)) as { importMs: number; initMs: number; wallMs: number });
    });
  });
}

/**
 * The floor no function can go below: a handler of no code of ours that loads only what issue 9 asks
 * every function to use — Powertools Logger, Metrics and Tracer with their middy middlewares, the
 * DynamoDB client (through the Tracer) and zod — from the same layer, and makes one DynamoDB call.
 */
const FLOOR = `
import middy from 'looptijd-runtime/@middy/core';
import { Logger } from 'looptijd-runtime/@aws-lambda-powertools/logger';
import { injectLambdaContext } from 'looptijd-runtime/@aws-lambda-powertools/logger/middleware';
import { Metrics } from 'looptijd-runtime/@aws-lambda-powertools/metrics';
import { logMetrics } from 'looptijd-runtime/@aws-lambda-powertools/metrics/middleware';
import { Tracer } from 'looptijd-runtime/@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from 'looptijd-runtime/@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from 'looptijd-runtime/@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from 'looptijd-runtime/@aws-sdk/lib-dynamodb';
import { object, string } from 'looptijd-runtime/zod';
const logger = new Logger(), metrics = new Metrics(), tracer = new Tracer();
const doc = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
const body = object({ id: string() });
export const handler = middy(async (event) => {
  const { id } = body.parse(JSON.parse(event.Records?.[0]?.body ?? '{"id":"x"}'));
  return doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: id, sk: id } }));
}).use([captureLambdaHandler(tracer), logMetrics(metrics), injectLambdaContext(logger)]);
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Instructions of a probe run under callgrind (null when valgrind is missing). */
function instructions(file: string, event: unknown, env: Record<string, string>): number | null {
  const run = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, join(OUT, 'probe.mjs'), file, JSON.stringify(event)], { env, encoding: 'utf8' });
  const refs = /refs:\s+([\d,]+)/.exec(run.stderr ?? '');
  return refs === null ? null : Number(refs[1]!.replaceAll(',', ''));
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function measureBundles(out: (line: string) => void = console.log): Promise<{ functions: BundleFigures[]; floor: ColdStart }> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, 'node_modules'), { recursive: true });
  const layer = buildRuntimeLayer(LAYER);
  symlinkSync(join(LAYER, RUNTIME_LAYER_PATH), join(OUT, 'node_modules', RUNTIME_PACKAGE));
  writeFileSync(join(OUT, 'probe.mjs'), PROBE);
  writeFileSync(join(OUT, 'empty.mjs'), 'export const handler = async () => {};\n');
  const counting = process.env['BENCH_INSTRUCTIONS'] === '1';
  const baseline = counting ? instructions(join(OUT, 'empty.mjs'), {}, { PATH: process.env['PATH'] ?? '' }) : null;
  /** One file's cold start with a function's first event and environment. */
  const coldStart = async (file: string, fn: FunctionDefinition): Promise<ColdStart> => {
    const event = firstEvent(fn), env = lambdaEnv(fn);
    const runs: ColdStart[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await probe(file, event, env));
    const count = baseline !== null ? instructions(file, event, env) : null;
    return {
      importMs: median(runs.map((r) => r.importMs)), initMs: median(runs.map((r) => r.initMs)), wallMs: median(runs.map((r) => r.wallMs)),
      ...(count !== null && baseline !== null && { instructions: count - baseline }),
    };
  };
  /** The columns import, init, total, wall (and instructions) of a cold start. */
  const timings = (c: ColdStart) =>
    `${`${c.importMs.toFixed(0)} ms`.padStart(10)}${`${c.initMs.toFixed(0)} ms`.padStart(9)}${`${(c.importMs + c.initMs).toFixed(0)} ms`.padStart(10)}${`${c.wallMs.toFixed(0)} ms`.padStart(9)}${c.instructions !== undefined ? `${(c.instructions / 1e6).toFixed(0)} M`.padStart(9) : ''}`;
  out(`runtime layer (${RUNTIME_PACKAGE}, shared by every function): ${kb(layer.bytes)} in ${Object.keys(layer.files).length} files`);
  out(`budgets: bundle ≤ ${kb(BUNDLE_BUDGET_BYTES)} minified, import + init ≤ ${INIT_BUDGET_MS} ms. CPU ms: median of ${RUNS} fresh processes (BENCH_RUNS)${counting ? `; instructions: callgrind, minus an empty module's ${((baseline ?? 0) / 1e6).toFixed(0)} M` : '; BENCH_INSTRUCTIONS=1 adds callgrind instruction counts'}.`);
  out(`${'function'.padEnd(21)}${'bundle'.padStart(10)}${'budget'.padStart(8)}${'layer'.padStart(10)}${'import'.padStart(10)}${'init'.padStart(9)}${'total'.padStart(10)}${'wall'.padStart(9)}${counting ? 'instr.'.padStart(9) : ''}  biggest parts (KB)`);
  const figures: BundleFigures[] = [];
  const over: string[] = [];
  for (const fn of functions) {
    const { file, bytes, top, layerImports } = await bundle(fn);
    const f: BundleFigures = { name: fn.name, bytes, layerBytes: reachedBytes(layer.graph, layerImports), ...(await coldStart(file, fn)) };
    figures.push(f);
    if (bytes > BUNDLE_BUDGET_BYTES) over.push(`${fn.name} is ${kb(bytes)}, over the ${kb(BUNDLE_BUDGET_BYTES)} budget`);
    const flags = `${bytes > BUNDLE_BUDGET_BYTES ? '  ‼ OVER 250 KB' : ''}${f.importMs + f.initMs > INIT_BUDGET_MS ? '  (over 100 ms CPU here)' : ''}`;
    out(`${fn.name.padEnd(21)}${kb(bytes).padStart(10)}${`${Math.round((bytes / BUNDLE_BUDGET_BYTES) * 100)}%`.padStart(8)}${kb(f.layerBytes).padStart(10)}${timings(f)}  ${top}${flags}`);
  }
  // The floor: the required libraries alone (FLOOR), measured the same way, with a queue function's event and environment.
  const floorFile = join(OUT, 'floor.mjs');
  writeFileSync(floorFile, FLOOR);
  const floor = await coldStart(floorFile, functions.find((f) => f.name === 'sweep')!);
  out(`${'(floor: libraries)'.padEnd(21)}${'—'.padStart(10)}${''.padStart(18)}${timings(floor)}  no code of ours: Logger, Metrics, Tracer, middy, DynamoDB client, zod, one GetItem`);
  for (const o of over) out(`‼‼ BUNDLE BUDGET EXCEEDED: ${o}`);
  return { functions: figures, floor };
}

export const bundleBenches: BenchDef[] = [
  {
    name: 'bundles',
    description: 'bundle size (minified, as deployed) and import + cold-start time per function',
    async run(ctx) {
      const { functions: figures, floor } = await measureBundles((line) => ctx.report(line));
      const coldStartFigures = (name: string, c: ColdStart): BenchFigure[] => [
        { label: `${name} import+init`, value: Math.round((c.importMs + c.initMs) * 10) / 10, unit: 'ms' },
        ...(c.instructions !== undefined ? [{ label: `${name} import+init instructions`, value: Math.round(c.instructions / 1e6), unit: 'M' }] : []),
      ];
      return [
        ...figures.flatMap((f): BenchFigure[] => [{ label: `${f.name} bundle`, value: Math.round(f.bytes / 102.4) / 10, unit: 'KB' }, ...coldStartFigures(f.name, f)]),
        ...coldStartFigures('floor (required libraries only)', floor),
      ];
    },
  },
];
