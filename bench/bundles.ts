/**
 * `npm run bench -- bundles`: every function bundled exactly as the stack bundles it
 * (infra/bundling.ts: esbuild, minified ESM, AWS SDK and Powertools left to the runtime and the
 * Powertools layer), its size, and the time a fresh Node process takes to import it and run its
 * cold start (the first invocation up to its first AWS call), median of RUNS processes.
 *
 * Budgets (issue 9): ≤ 250 KB minified per function, import + init ≤ 100 ms. Externals load from
 * node_modules here, as they load from the runtime and the layer in Lambda, so they are in the time.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLING, bundlingDefine } from '../infra/bundling.js';
import { QUEUE_NAMES, SECRETS } from '../infra/definitions.js';
import { functions, type FunctionDefinition } from '../infra/functions.js';
import type { BenchDef, BenchFigure } from './index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Inside the repository, so the externals resolve from node_modules as they do from the runtime in Lambda. */
const OUT = join(ROOT, '.bench', 'bundles');
export const BUNDLE_BUDGET_BYTES = 250 * 1024;
export const INIT_BUDGET_MS = 100;
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);

export interface BundleFigures {
  readonly name: string;
  readonly bytes: number;
  readonly importMs: number;
  readonly initMs: number;
  readonly wallMs: number;
}

/** Bundles one function as NodejsFunction does (same options), answering the bundle's path and size. */
export async function bundle(fn: FunctionDefinition): Promise<{ file: string; bytes: number }> {
  const file = join(OUT, fn.name, 'index.mjs');
  mkdirSync(dirname(file), { recursive: true });
  await build({
    entryPoints: [join(ROOT, fn.entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target,
    minify: true,
    sourcemap: 'external',
    mainFields: [...BUNDLING.mainFields],
    external: [...BUNDLING.external, ...(fn.layerModules ?? [])],
    banner: { js: BUNDLING.banner },
    define: bundlingDefine(),
    logLevel: 'error',
  });
  return { file, bytes: statSync(file).size };
}

/** An invocation that runs the cold start and stops at (or before) the first AWS call. */
function firstEvent(fn: FunctionDefinition): unknown {
  switch (fn.trigger.kind) {
    case 'queue':
      return { Records: [] };
    case 'schedule':
      return { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
    case 'api':
      return fn.name === 'partner-api'
        ? { version: '2.0', rawPath: '/docs', rawQueryString: '', headers: {}, requestContext: { http: { method: 'GET', path: '/docs' } }, isBase64Encoded: false }
        : { version: '2.0', rawPath: '/webhooks/payments', rawQueryString: '', headers: { 'content-type': 'application/json' }, body: '{}', requestContext: { http: { method: 'POST', path: '/webhooks/payments' } }, isBase64Encoded: false };
    case 'authorizer':
      return { version: '2.0', type: 'REQUEST', routeKey: 'ANY /v1/{proxy+}', headers: {}, identitySource: [] };
    case 'emailFeedback':
      return { source: 'aws.ses', 'detail-type': 'Email Delivered', detail: { eventType: 'Delivery', mail: { messageId: 'm-1' } } };
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
    // Secrets come from the environment here (no Secrets Manager): the values, as apiConfigFromEnv reads them locally.
    WEBHOOK_SECRET: 'whsec_YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2g=',
    CURSOR_SECRET: 'bench-cursor-secret',
  };
  for (const q of QUEUE_NAMES) env[`QUEUE_URL_${q.toUpperCase().replaceAll('-', '_')}`] = `${dead}/000000000000/looptijd-bench-${q}`;
  void SECRETS;
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
  writeFileSync(probeFile, PROBE);
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureBundles(out: (line: string) => void = console.log): Promise<BundleFigures[]> {
  rmSync(OUT, { recursive: true, force: true });
  const figures: BundleFigures[] = [];
  out(`CPU ms of import and of the cold start (first invocation up to its first AWS call); wall ms for reference. Median of ${RUNS} fresh processes.`);
  out(`${'function'.padEnd(22)}${'bundle'.padStart(10)}${'import'.padStart(10)}${'init'.padStart(9)}${'total'.padStart(9)}${'wall'.padStart(10)}`);
  for (const fn of functions) {
    const { file, bytes } = await bundle(fn);
    const runs: Array<{ importMs: number; initMs: number; wallMs: number }> = [];
    for (let i = 0; i < RUNS; i++) runs.push(await probe(file, firstEvent(fn), lambdaEnv(fn)));
    const f = { name: fn.name, bytes, importMs: median(runs.map((r) => r.importMs)), initMs: median(runs.map((r) => r.initMs)), wallMs: median(runs.map((r) => r.wallMs)) };
    figures.push(f);
    const total = f.importMs + f.initMs;
    const flags = `${bytes > BUNDLE_BUDGET_BYTES ? ' over 250 KB' : ''}${total > INIT_BUDGET_MS ? ' over 100 ms' : ''}`;
    out(`${fn.name.padEnd(22)}${`${(bytes / 1024).toFixed(1)} KB`.padStart(10)}${`${f.importMs.toFixed(1)} ms`.padStart(10)}${`${f.initMs.toFixed(1)} ms`.padStart(9)}${`${total.toFixed(1)} ms`.padStart(9)}${`${f.wallMs.toFixed(0)} ms`.padStart(10)}${flags}`);
  }
  return figures;
}

export const bundleBenches: BenchDef[] = [
  {
    name: 'bundles',
    description: 'bundle size (minified, as deployed) and import + cold-start time per function',
    async run(ctx) {
      const figures = await measureBundles((line) => ctx.report(line));
      return figures.flatMap((f): BenchFigure[] => [
        { label: `${f.name} bundle`, value: Math.round(f.bytes / 102.4) / 10, unit: 'KB' },
        { label: `${f.name} import+init`, value: Math.round((f.importMs + f.initMs) * 10) / 10, unit: 'ms' },
      ]);
    },
  },
];
