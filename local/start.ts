/**
 * `npm start`: the whole of Looptijd on this machine. Starts DynamoDB Local, the local SQS and
 * SES, creates the table and queues from infra/definitions.ts, hosts every handler in the local
 * runner, serves the HTTP API and the /dev endpoints, seeds the demo data and prints where
 * everything listens. Ctrl-C stops it all.
 *
 *   npm start                 data kept under .local-stack/ between runs
 *   npm start -- --in-memory  a clean slate every time
 *
 * Environment: API_PORT (3000), DYNAMODB_PORT (8000), SQS_PORT (9324), SES_PORT (8005),
 * LOCAL_API_KEY (local-demo-key), LOCAL_START_TIME (ISO instant; default: now, or where the
 * clock was left in a persistent run), LOCAL_SEED=0 to skip the demo data.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createLocalDeps } from '../functions/local-deps.js';
import { SAMPLE_PROVIDER } from '../documents/seller.js';
import { createLocalClients } from './clients.js';
import { createSimulatedClock, startTimeFromEnv } from './clock.js';
import { startHttpServer } from './http.js';
import { restoreMail, restoreQueues, saveMail, saveQueues } from './persistence.js';
import { LOCAL_VISIBILITY_TIMEOUT_SECONDS, provision } from './provision.js';
import { consoleRunnerLog, createRunner, createFunctions } from './runner.js';
import { DEFAULT_LOCAL_API_KEY, DEMO_RESELLER_ID, seed } from './seed.js';
import { LOCAL_WEBHOOK_SECRET } from '../api/config.js';
import { localStackOptionsFromEnv, startLocalStack, type LocalStack } from './stack.js';

const STATE_DIR = resolve('.local-stack');
const CLOCK_FILE = resolve(STATE_DIR, 'clock.json');
const QUEUES_FILE = resolve(STATE_DIR, 'queues.json');
const MAIL_FILE = resolve(STATE_DIR, 'mail.json');
/** How often the running clock is written down, so a restart (even after kill -9) resumes near where it was. */
const CLOCK_SAVE_INTERVAL_MS = 5_000;
const DEFAULT_API_PORT = 3000;

class StartError extends Error {}

function usage(): string {
  return [
    'npm start [-- --in-memory] [-- --no-seed]',
    '',
    '  --in-memory   keep DynamoDB in memory (default: persisted under .local-stack/)',
    '  --no-seed     do not create the demo reseller and customers',
    '',
    'Ports: API_PORT (3000), DYNAMODB_PORT (8000), SQS_PORT (9324), SES_PORT (8005).',
    'LOCAL_API_KEY (default local-demo-key), LOCAL_START_TIME (ISO instant).',
  ].join('\n');
}

/** DynamoDB Local needs Java 17+; say so before anything starts. */
function checkJava(): string {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error !== undefined) {
    throw new StartError(
      'Java not found. DynamoDB Local needs Java 17 or newer on the PATH.\n' +
        '  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless\n  macOS: brew install openjdk@17',
    );
  }
  const text = `${result.stderr ?? ''}${result.stdout ?? ''}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const major = match === null ? NaN : match[1] === '1' ? Number(match[2]) : Number(match[1]);
  if (!Number.isNaN(major) && major < 17) {
    throw new StartError(`Java ${major} found; DynamoDB Local needs Java 17 or newer (apt-get install openjdk-17-jre-headless).`);
  }
  return text.split('\n')[0]?.trim() ?? 'java';
}

function apiPortFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.API_PORT ?? env.PORT;
  if (raw === undefined || raw === '') return DEFAULT_API_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new StartError(`API_PORT must be a port number, got '${raw}'`);
  return port;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, () => probe.close(() => done(true)));
  });
}

function savedClock(): string | undefined {
  try {
    const saved = JSON.parse(readFileSync(CLOCK_FILE, 'utf8')) as { now?: unknown };
    // Where it was left, earlier or later than real time: the table's accounts are at that time.
    return typeof saved.now === 'string' && !Number.isNaN(Date.parse(saved.now)) ? saved.now : undefined;
  } catch {
    return undefined;
  }
}

function saveClock(now: string): void {
  try {
    mkdirSync(dirname(CLOCK_FILE), { recursive: true });
    writeFileSync(CLOCK_FILE, JSON.stringify({ now, savedAt: new Date().toISOString() }));
  } catch {
    // Only a convenience for the next run.
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage());
    return;
  }
  const unknown = args.filter((a) => !['--in-memory', '--no-seed'].includes(a));
  if (unknown.length > 0) throw new StartError(`unknown option ${unknown.join(' ')}\n\n${usage()}`);
  const inMemory = args.includes('--in-memory');
  const withSeed = !args.includes('--no-seed') && process.env.LOCAL_SEED !== '0';
  const startedAt = Date.now();

  // Everything that can be checked before starting anything.
  const java = checkJava();
  const apiPort = apiPortFromEnv(process.env);
  let stackOptions;
  try {
    stackOptions = localStackOptionsFromEnv(process.env);
  } catch (error) {
    throw new StartError((error as Error).message);
  }
  if (!(await isPortFree(apiPort))) throw new StartError(`port ${apiPort} is in use (set API_PORT)`);
  const apiKey = process.env.LOCAL_API_KEY || DEFAULT_LOCAL_API_KEY;
  const start = startTimeFromEnv(process.env) ?? (inMemory ? undefined : savedClock());

  const stoppers: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const stop of stoppers.splice(0).reverse()) {
        await stop().catch((error: unknown) => console.error(`while stopping: ${(error as Error).message}`));
      }
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    console.log(`\n${signal}: stopping…`);
    // Room for the runner to finish its batches and the queues to be written down (persistence.ts).
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    console.log(`Starting Looptijd locally (${inMemory ? 'in memory' : `data in ${STATE_DIR}`}; ${java})…`);
    let stack: LocalStack;
    try {
      stack = await startLocalStack({ ...stackOptions, inMemory, dbPath: resolve(STATE_DIR, 'dynamodb') });
    } catch (error) {
      throw new StartError((error as Error).message);
    }
    stoppers.push(() => stack.stop());
    const stackMs = Date.now() - startedAt;

    const { tableName, queueUrls } = await provision(stack.endpoints, { visibilityTimeoutSeconds: LOCAL_VISIBILITY_TIMEOUT_SECONDS });
    const clients = createLocalClients(stack.endpoints);
    stoppers.push(async () => clients.destroy());
    const clock = createSimulatedClock({ start, mode: 'running' });
    if (!inMemory) {
      // What the local SQS and SES kept in memory at the last graceful stop, back before anything runs.
      const [messages, mails] = [await restoreQueues(clients.sqs, queueUrls, QUEUES_FILE), restoreMail(MAIL_FILE)];
      if (messages + mails > 0) console.log(`Restored ${messages} queued message(s) and ${mails} captured e-mail(s) from ${STATE_DIR}.`);
      // Runs after the runner has stopped (stoppers run in reverse), before the clients go.
      stoppers.push(async () => {
        saveClock(clock.now());
        const saved = await saveQueues(clients.sqs, queueUrls, QUEUES_FILE);
        const mails = saveMail(MAIL_FILE);
        console.log(`Kept ${saved} queued message(s), ${mails} captured e-mail(s) and the clock (${clock.now()}) in ${STATE_DIR}.`);
      });
      const clockTimer = setInterval(() => saveClock(clock.now()), CLOCK_SAVE_INTERVAL_MS);
      clockTimer.unref();
      stoppers.push(async () => clearInterval(clockTimer));
    }
    // Marked sample provider details (documents/seller.ts), as a dev stage without configured ones.
    const deps = createLocalDeps({ clients, tableName, queueUrls, clock, invoicing: { seller: SAMPLE_PROVIDER, series: { id: 'LT', prefix: 'LT-' } } });
    const functions = createFunctions(deps);
    const runner = createRunner({ sqs: clients.sqs, queueUrls, handlers: functions.handlers, sweep: functions.sweep, clock, log: consoleRunnerLog });
    await runner.start();
    stoppers.push(() => runner.stop());

    const http = await startHttpServer({
      port: apiPort,
      deps,
      clock,
      runner,
      ...(inMemory ? {} : { onClockSet: saveClock }),
    });
    stoppers.push(() => http.close());

    let seeded = 'skipped (--no-seed)';
    if (withSeed) {
      console.log('Seeding demo data through the queues…');
      const result = await seed({ deps, clock, runner, apiKey });
      seeded = result.seeded ? `${result.customers} customers, ${result.events} events in ${(result.ms / 1000).toFixed(1)} s` : 'already there (kept)';
      if (!inMemory) saveClock(clock.now());
    }

    const ms = Date.now() - startedAt;
    const api = `http://localhost:${http.port}`;
    const port = (url: string) => new URL(url).port;
    console.log(
      [
        '',
        `Looptijd is running (ready in ${(ms / 1000).toFixed(1)} s; stand-ins up in ${(stackMs / 1000).toFixed(1)} s).`,
        '',
        `  HTTP API          ${api}/v1   (Authorization: Bearer ${apiKey}, reseller ${DEMO_RESELLER_ID})`,
        `  API docs          ${api}/docs`,
        `  Webhooks          ${api}/webhooks/payments   (Standard Webhooks secret ${process.env.WEBHOOK_SECRET || LOCAL_WEBHOOK_SECRET})`,
        `  Simulated clock   ${api}/dev/clock  (now ${clock.now()}; POST {"now": "<ISO instant>"} to move it)`,
        `  Drain             ${api}/dev/drain  (POST)`,
        `  Access events     ${api}/dev/access`,
        `  DynamoDB Local    http://localhost:${port(stack.endpoints.dynamodb)}   (table ${tableName})`,
        `  SQS               http://localhost:${port(stack.endpoints.sqs)}   (queues ${Object.keys(queueUrls).filter((q) => !q.endsWith('-dlq')).join(', ')}, each with a -dlq)`,
        `  SES inbox         http://localhost:${port(stack.endpoints.ses)}/`,
        '',
        `  Demo data: ${seeded}`,
        `  AWS SDK/CLI: AWS_ENDPOINT_URL_DYNAMODB=http://localhost:${port(stack.endpoints.dynamodb)} AWS_ENDPOINT_URL_SQS=http://localhost:${port(stack.endpoints.sqs)} AWS_REGION=eu-west-1`,
        '',
        'Ctrl-C stops everything.',
      ].join('\n'),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof StartError) console.error(`\nnpm start: ${error.message}`);
  else console.error('\nnpm start failed:', error);
  process.exit(1);
});
