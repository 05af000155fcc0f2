/** The operator CLI (`npm run cli -- --help`): resellers, API keys, events, the clock, timelines, forecasts, terms profiles, dead letters. */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Command, InvalidArgumentError } from 'commander';
import Table from 'cli-table3';
import { SingleBar, Presets } from 'cli-progress';
import { ApiKeys } from '../adapters/api-keys.js';
import { DynamoWebhookStore } from '../adapters/webhook-store.js';
import { cursorSealer } from '../api/cursor.js';
import { ApiError } from '../api/http.js';
import type { Route, RouteContext } from '../api/routes.js';
import { webhookRoutes } from '../api/webhook-routes.js';
import { ReadModel } from '../adapters/read-model.js';
import { CachedTermsCatalog, TermsStore, TermsStoreError } from '../adapters/terms-store.js';
import { catalogFor } from '../app/terms.js';
import { anyEvent, forecast, parseTermsProfile, PRESETS, presetCatalog, QUEUE_OF, type IncomingEvent } from '../domain/index.js';
import { isValidLocalDate, localDateOf, startOfDay, toInstant } from '../domain/calendar.js';
import { invoiceRows, journalCsv, paymentRow, within, type JournalRow } from '../documents/journal.js';
import { dlqName, QUEUE_NAMES, type QueueName } from '../infra/definitions.js';
import type { CliContext } from './context.js';

/** A failure the CLI reports as one line on stderr with exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Where the progress bar draws (a TTY); none in tests. */
  progressStream?: NodeJS.WritableStream;
  /** Throw commander's errors instead of exiting (tests). */
  throwOnError?: boolean;
}

const short = (value: unknown, max = 60): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

const queueOption = (value: string): QueueName => {
  if (!(QUEUE_NAMES as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${QUEUE_NAMES.join(', ')}`);
  return value as QueueName;
};

const instantOption = (value: string): string => {
  try {
    return value.includes('T') ? toInstant(value) : startOfDay(value);
  } catch {
    throw new InvalidArgumentError('a date (2026-06-01) or an ISO instant with offset (2026-06-01T09:00:00+02:00)');
  }
};

const dateOption = (value: string): string => {
  if (!isValidLocalDate(value)) throw new InvalidArgumentError('a date, YYYY-MM-DD');
  return value;
};

function table(head: string[], rows: unknown[][]): string {
  const t = new Table({ head, wordWrap: true, style: { head: [], border: [] } });
  for (const row of rows) t.push(row.map((c) => (c === null || c === undefined ? '' : typeof c === 'string' ? c : JSON.stringify(c))));
  return t.toString();
}

export function createProgram(context: () => CliContext, io: CliIo): Command {
  let ctx: CliContext | undefined;
  const c = () => (ctx ??= context());
  const program = new Command('looptijd')
    .description('Operate a Looptijd stack (by default the local one started by `npm start`).\nEnvironment: DYNAMODB_PORT, SQS_PORT, API_PORT, TABLE_NAME, QUEUE_URL_<QUEUE>, LOOPTIJD_API_URL.')
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .showHelpAfterError()
    .hook('postAction', () => {
      ctx?.close();
      ctx = undefined;
    });

  if (io.throwOnError) program.exitOverride();

  const sendEvent = async (event: IncomingEvent) => {
    const queue = QUEUE_OF[event.type];
    await c().clients.sqs.send(new SendMessageCommand({ QueueUrl: await c().queueUrl(queue), MessageBody: JSON.stringify(event) }));
    return queue;
  };

  // resellers ----------------------------------------------------------------------------------
  const resellers = program.command('resellers').description('create and list resellers');
  resellers
    .command('create <resellerId>')
    .description('queue reseller.created (processed by the running stack)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--email <email>', 'contact e-mail')
    .option('--customer-id <customerId>', "the reseller's own billing account")
    .option('--with-key', 'also create an API key for it (shown once)')
    .option('--white-label', "its customers' e-mails are signed with its name and replies go to its e-mail")
    .action(async (resellerId: string, o: { name: string; email: string; customerId?: string; withKey?: boolean; whiteLabel?: boolean }) => {
      const parsed = anyEvent.safeParse({
        id: `cli_${randomUUID()}`, type: 'reseller.created', occurredAt: await c().now(),
        data: { resellerId, name: o.name, email: o.email, ...(o.customerId ? { customerId: o.customerId } : {}), ...(o.whiteLabel ? { whiteLabel: true } : {}) },
      });
      if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      await sendEvent(parsed.data);
      io.out(`queued reseller.created for ${resellerId} (event ${parsed.data.id})`);
      if (o.withKey) {
        const { key, record } = await new ApiKeys(c().clients.doc, c().tableName).create({ resellerId, name: 'cli' });
        io.out(`API key ${record.keyId} for ${resellerId} — shown once, store it now:\n${key}`);
      }
    });
  resellers
    .command('list')
    .description('every reseller')
    .action(async () => {
      const rows = await new ReadModel(c().clients.doc, c().tableName).resellers();
      io.out(table(['reseller', 'name', 'email', 'billing account'], rows.map((r) => [r.resellerId, r.name, r.email, r.customerId])));
    });

  // keys ---------------------------------------------------------------------------------------
  const keys = program.command('keys').description('partner API keys: shown once, stored only as a hash');
  keys
    .command('create')
    .description('create an API key for a reseller')
    .requiredOption('--reseller <resellerId>', 'the reseller the key belongs to')
    .option('--name <name>', 'a label for the key', 'default')
    .action(async (o: { reseller: string; name: string }) => {
      const known = (await new ReadModel(c().clients.doc, c().tableName).resellers()).some((r) => r.resellerId === o.reseller);
      if (!known) io.err(`warning: reseller ${o.reseller} is not known (yet); the key is bound to it anyway`);
      const { key, record } = await new ApiKeys(c().clients.doc, c().tableName).create({ resellerId: o.reseller, name: o.name });
      io.out(`API key ${record.keyId} for reseller ${record.resellerId} — shown once, store it now:\n${key}`);
    });
  keys
    .command('list')
    .description('list keys (ids, never the keys)')
    .option('--reseller <resellerId>', 'only this reseller')
    .action(async (o: { reseller?: string }) => {
      const rows = await new ApiKeys(c().clients.doc, c().tableName).list(o.reseller);
      io.out(table(['key id', 'reseller', 'name', 'created', 'revoked'], rows.map((k) => [k.keyId, k.resellerId, k.name, k.createdAt, k.revokedAt ?? '—'])));
    });
  keys
    .command('revoke <keyId>')
    .description('revoke a key by its id (from `keys list`)')
    .action(async (keyId: string) => {
      const record = await new ApiKeys(c().clients.doc, c().tableName).revoke(keyId);
      if (!record) {
        throw new CliError(`no active key ${keyId}`);
      }
      io.out(`revoked ${record.keyId} of ${record.resellerId} at ${record.revokedAt}`);
    });

  // send ---------------------------------------------------------------------------------------
  program
    .command('send [file]')
    .description('send an event (docs/events.md) from a JSON file, or from flags; onto its queue by type')
    .option('--type <type>', 'event type, e.g. payment.succeeded')
    .option('--data <json>', 'the data object as JSON')
    .option('--set <key=value>', 'one data field (repeatable; numbers and booleans are parsed)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--id <id>', 'event id (default a new one)')
    .option('--occurred-at <instant>', 'when it happened (default the stack clock)')
    .option('--dry-run', 'validate and print, do not send')
    .action(async (file: string | undefined, o: { type?: string; data?: string; set: string[]; id?: string; occurredAt?: string; dryRun?: boolean }) => {
      let raw: Record<string, unknown>;
      if (file) raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      else {
        if (!o.type) throw new InvalidArgumentError('give a JSON file or --type');
        const data: Record<string, unknown> = o.data ? (JSON.parse(o.data) as Record<string, unknown>) : {};
        for (const pair of o.set) {
          const at = pair.indexOf('=');
          if (at < 1) throw new InvalidArgumentError(`--set ${pair}: expected key=value`);
          const value = pair.slice(at + 1);
          data[pair.slice(0, at)] = /^-?\d+$/.test(value) ? Number(value) : value === 'true' ? true : value === 'false' ? false : value;
        }
        raw = { type: o.type, data };
      }
      const event = { ...raw, id: o.id ?? raw.id ?? `cli_${randomUUID()}`, occurredAt: o.occurredAt ?? raw.occurredAt ?? (await c().now()) };
      const parsed = anyEvent.safeParse(event);
      if (!parsed.success) {
        throw new CliError(`invalid event:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(event)'}: ${i.message}`).join('\n')}`);
      }
      if (o.dryRun) {
        io.out(`${QUEUE_OF[parsed.data.type]} ← ${JSON.stringify(parsed.data)}`);
        return;
      }
      const queue = await sendEvent(parsed.data);
      io.out(`sent ${parsed.data.type} ${parsed.data.id} to ${queue}`);
    });

  // clock --------------------------------------------------------------------------------------
  const clock = program.command('clock').description('the simulated clock of the running local stack');
  clock
    .command('set <instant>')
    .description('move the clock, run the sweep, wait until everything is processed')
    .action(async (instant: string) => {
      const r = await fetch(new URL('/dev/clock', c().apiUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: instant }) });
      const body = (await r.json()) as { now?: string; processed?: number; error?: { message: string } };
      if (!r.ok) {
        throw new CliError(`clock not set: ${body.error?.message ?? r.status}`);
      }
      io.out(`clock at ${body.now}; ${body.processed} message(s) processed`);
    });
  clock
    .command('show')
    .description('the current simulated time')
    .action(async () => io.out(await c().now()));

  // timeline and forecast ------------------------------------------------------------------------
  program
    .command('timeline <subscriptionId>')
    .description("a subscription's audit trail: what happened, by which rule, on which facts")
    .action(async (subscriptionId: string) => {
      const read = new ReadModel(c().clients.doc, c().tableName);
      if (!(await read.subscription(subscriptionId))) {
        throw new CliError(`no subscription ${subscriptionId}`);
      }
      const rows: unknown[][] = [];
      let start: Record<string, unknown> | null = null;
      do {
        const page: Awaited<ReturnType<ReadModel['auditOf']>> = await read.auditOf(subscriptionId, 200, start);
        rows.push(...page.items.map((e) => [e.at, e.subscriptionId === null ? `${e.type} (customer)` : e.type, e.rule ?? '', e.source ?? '', short(e.data, 80)]));
        start = page.next;
      } while (start);
      io.out(table(['at', 'event', 'rule', 'source', 'facts'], rows));
    });
  program
    .command('customer-timeline <customerId>')
    .description("a customer's audit trail: every decision on the account and on each of its subscriptions")
    .action(async (customerId: string) => {
      const read = new ReadModel(c().clients.doc, c().tableName);
      if (!(await read.account(customerId))) {
        throw new CliError(`no customer ${customerId}`);
      }
      const rows: unknown[][] = [];
      let start: Record<string, unknown> | null = null;
      do {
        const page: Awaited<ReturnType<ReadModel['auditOfCustomer']>> = await read.auditOfCustomer(customerId, 200, start);
        rows.push(...page.items.map((e) => [e.at, e.subscriptionId ?? '(customer)', e.type, e.rule ?? '', e.source ?? '', short(e.data, 70)]));
        start = page.next;
      } while (start);
      io.out(table(['at', 'subscription', 'event', 'rule', 'source', 'facts'], rows));
    });
  program
    .command('event <eventId>')
    .description('what became of an event: accepted, parked, applied, ignored, refused (rule, reason) or failed (code, reason, dead-lettered)')
    .action(async (eventId: string) => {
      const outcomes = await new ReadModel(c().clients.doc, c().tableName).eventOutcomes(eventId);
      if (outcomes.length === 0) throw new CliError(`no outcome recorded for event ${eventId} (never received, or older than 90 days)`);
      io.out(table(['status', 'at', 'type', 'reseller', 'customer', 'subscription', 'rule / code', 'reason'], outcomes.map((o) => [
        o.status + (o.status === 'failed' ? (o.deadLettered ? ' (dead-lettered)' : ' (retrying)') : '') + (o.duplicates ? ` (+${o.duplicates} duplicate)` : ''),
        o.at, o.eventType, o.resellerId, o.customerId, o.subscriptionId, o.rule ?? o.code, o.deadline ? `${o.reason ?? ''} (until ${o.deadline})` : o.reason,
      ])));
    });
  program
    .command('forecast <subscriptionId>')
    .description('what will happen if nothing else happens, by the rules that will decide it')
    .requiredOption('--until <date>', 'horizon: a date or an instant', instantOption)
    .option('--now <instant>', 'from (default the stack clock)', instantOption)
    .action(async (subscriptionId: string, o: { until: string; now?: string }) => {
      const read = new ReadModel(c().clients.doc, c().tableName);
      const ref = await read.subscription(subscriptionId);
      const account = ref ? await read.account(ref.customerId) : null;
      if (!account) {
        throw new CliError(`no subscription ${subscriptionId}`);
      }
      const now = o.now ?? (await c().now());
      const terms = new CachedTermsCatalog(new TermsStore(c().clients.doc, c().tableName), { maxAgeSeconds: 0 });
      const f = forecast(account.state, await catalogFor({ catalog: terms, catalogProvider: terms }, [account.state]), now, o.until);
      const rows = f.events.filter((e) => e.subscriptionId === subscriptionId || e.subscriptionId === null).map((e) => [e.at, e.type, e.rule ?? '', short(e.data, 80)]);
      io.out(`forecast for ${subscriptionId} from ${now} until ${o.until}`);
      io.out(table(['at', 'event', 'rule', 'facts'], rows));
    });

  // terms --------------------------------------------------------------------------------------
  // export ---------------------------------------------------------------------------------------
  program
    .command('export')
    .description('exports for bookkeeping')
    .command('journal')
    .description('invoices, credit notes and payments from --from to --to (inclusive) as CSV for a Dutch bookkeeping package: one row per invoice line (so per VAT rate) and per payment, ";" and decimal comma (docs/documents.md)')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD', dateOption)
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD', dateOption)
    .action(async (opts: { from: string; to: string }) => {
      if (opts.from > opts.to) throw new CliError('--from is after --to');
      const read = new ReadModel(c().clients.doc, c().tableName);
      const rows: JournalRow[] = [];
      for (const reseller of await read.resellers()) {
        let start: Record<string, unknown> | null = null;
        do {
          const page: Awaited<ReturnType<ReadModel['customersOf']>> = await read.customersOf(reseller.resellerId, 100, start);
          for (const { state, customerId } of page.items) {
            const archived = await read.archivedInvoices(customerId, null, 100_000, null);
            const invoices = [...Object.values(state.invoices), ...archived.filter((i) => !state.invoices[i.id])];
            const numbers = new Map(invoices.map((i) => [i.id, i.number]));
            const numberOf = (id: string) => numbers.get(id) ?? null;
            for (const inv of invoices) if (within(inv.issuedOn, opts.from, opts.to)) rows.push(...invoiceRows(state, inv, numberOf));
            const payments = [...Object.values(state.payments), ...(await read.archivedPayments(customerId)).filter((p) => !state.payments[p.id])];
            for (const p of payments) if (p.status !== 'failed' && within(localDateOf(p.receivedAt), opts.from, opts.to)) rows.push(paymentRow(state, p, numberOf));
          }
          start = page.next;
        } while (start);
      }
      io.out(journalCsv(rows).replace(/\r\n$/, ''));
    });

  const terms = program.command('terms').description('terms profiles: the five presets and the provider profiles stored in the table');
  const termsStore = () => new TermsStore(c().clients.doc, c().tableName);
  const readProfile = (file: string): unknown => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new CliError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  /** One `field.path: why` line per error, as parseTermsProfile words them, then exit 1. */
  const refuseProfile = (file: string, errors: readonly string[]): never => {
    for (const e of errors) io.err(e);
    throw new CliError(`${file}: not a valid terms profile (${errors.length} error${errors.length === 1 ? '' : 's'})`);
  };
  terms
    .command('validate <file>')
    .description('check a terms profile (JSON) against the schema; prints `field: why` per error')
    .action((file: string) => {
      const parsed = parseTermsProfile(readProfile(file));
      if (!parsed.ok) return refuseProfile(file, parsed.errors);
      io.out(`${file}: valid terms profile ${parsed.profile.id}@${parsed.profile.version}`);
    });
  terms
    .command('add <file>')
    .description('store a provider terms profile (JSON); versions are immutable, a change is a new version')
    .action(async (file: string) => {
      try {
        const { profile } = await termsStore().put(readProfile(file));
        io.out(`stored terms profile ${profile.id}@${profile.version} (${profile.name}); new subscriptions on ${profile.id} get this version`);
      } catch (error) {
        if (error instanceof TermsStoreError && error.code === 'terms.invalid') return refuseProfile(file, error.errors);
        if (error instanceof TermsStoreError) throw new CliError(error.message);
        throw error;
      }
    });
  terms
    .command('list')
    .description('every terms profile: presets and stored ones, with their versions')
    .action(async () => {
      const stored = await termsStore().list();
      const rows: unknown[][] = PRESETS.map((p) => [p.id, 'preset', String(p.version), p.name, p.seed, p.customerKinds.join(', ')]);
      const byId = new Map<string, typeof stored>();
      for (const s of stored) byId.set(s.profile.id, [...(byId.get(s.profile.id) ?? []), s]);
      for (const [id, versions] of byId) {
        const latest = versions[versions.length - 1]!.profile;
        rows.push([id, 'stored', versions.map((v) => v.profile.version).join(', '), latest.name, latest.seed, latest.customerKinds.join(', ')]);
      }
      io.out(table(['terms id', 'kind', 'versions', 'name (latest)', 'seed', 'customers'], rows));
    });
  terms
    .command('show <termsId>')
    .description('one terms profile as JSON (the latest version unless --version)')
    .option('--version <n>', 'this version', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a version number (1, 2, …)');
      return n;
    })
    .action(async (termsId: string, o: { version?: number }) => {
      const preset = presetCatalog.get(termsId, o.version);
      const profile = preset ?? (await termsStore().get(termsId, o.version))?.profile;
      if (!profile) throw new CliError(`no terms profile ${termsId}${o.version === undefined ? '' : `@${o.version}`}`);
      io.out(JSON.stringify(profile, null, 2));
    });

  // dlq ----------------------------------------------------------------------------------------
  const dlq = program.command('dlq').description('dead-letter queues: why messages failed, and replaying them');

  /** Every message now in a DLQ, made visible again afterwards. */
  const peek = async (queue: QueueName): Promise<Message[]> => {
    const url = await c().queueUrl(dlqName(queue));
    const seen = new Map<string, Message>();
    for (let round = 0; round < 100; round++) {
      const r = await c().clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 30, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], AttributeNames: ['All'] }));
      const fresh = (r.Messages ?? []).filter((m) => !seen.has(m.MessageId!));
      if (fresh.length === 0) break;
      for (const m of fresh) seen.set(m.MessageId!, m);
    }
    await Promise.all([...seen.values()].map((m) => c().clients.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })).catch(() => undefined)));
    return [...seen.values()];
  };
  const reasonOf = async (queue: QueueName, m: Message): Promise<string> => {
    const attr = m.MessageAttributes?.['looptijd.reason']?.StringValue;
    if (attr) return attr;
    const original = m.MessageAttributes?.['looptijd.originalMessageId']?.StringValue ?? m.MessageId!;
    const { Item } = await c().clients.doc.send(new GetCommand({ TableName: c().tableName, Key: { pk: `DLQ#${queue}`, sk: original } }));
    return Item ? `${String(Item.code)}: ${String(Item.message)}` : 'no reason recorded';
  };

  dlq
    .command('list')
    .description('messages in the dead-letter queues, with the reason each failed')
    .option('--queue <queue>', 'only this queue', queueOption)
    .action(async (o: { queue?: QueueName }) => {
      const rows: unknown[][] = [];
      for (const queue of o.queue ? [o.queue] : QUEUE_NAMES) {
        for (const m of await peek(queue)) {
          let type = '';
          try {
            type = String((JSON.parse(m.Body ?? '') as { type?: unknown }).type ?? '');
          } catch {
            type = '(not JSON)';
          }
          rows.push([dlqName(queue), m.MessageId, type, short(await reasonOf(queue, m), 100), short(m.Body ?? '', 60)]);
        }
      }
      io.out(rows.length ? table(['dead-letter queue', 'message', 'type', 'reason', 'body'], rows) : 'every dead-letter queue is empty');
    });
  dlq
    .command('replay')
    .description('move dead-lettered messages back onto their queue (after fixing the cause)')
    .option('--queue <queue>', 'only this queue', queueOption)
    .option('--limit <n>', 'at most n messages per queue', (v) => Number.parseInt(v, 10))
    .action(async (o: { queue?: QueueName; limit?: number }) => {
      let total = 0;
      for (const queue of o.queue ? [o.queue] : QUEUE_NAMES) {
        const from = await c().queueUrl(dlqName(queue));
        const to = await c().queueUrl(queue);
        const { Attributes } = await c().clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: from, AttributeNames: ['ApproximateNumberOfMessages'] }));
        const waiting = Math.min(Number(Attributes?.ApproximateNumberOfMessages ?? 0), o.limit ?? Infinity);
        if (waiting === 0) continue;
        const bar = new SingleBar({ format: `${dlqName(queue)} → ${queue} [{bar}] {value}/{total}`, stream: io.progressStream ?? process.stderr, noTTYOutput: true, notTTYSchedule: 200 }, Presets.shades_classic);
        if (io.progressStream) bar.start(waiting, 0);
        let moved = 0;
        while (moved < waiting) {
          const r = await c().clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: from, MaxNumberOfMessages: Math.min(10, waiting - moved), VisibilityTimeout: 30, WaitTimeSeconds: 0 }));
          if (!r.Messages?.length) break;
          for (const m of r.Messages) {
            await c().clients.sqs.send(new SendMessageCommand({ QueueUrl: to, MessageBody: m.Body ?? '' }));
            await c().clients.sqs.send(new DeleteMessageCommand({ QueueUrl: from, ReceiptHandle: m.ReceiptHandle! }));
            moved++;
            if (io.progressStream) bar.update(moved);
          }
        }
        if (io.progressStream) bar.stop();
        io.out(`replayed ${moved} message(s) from ${dlqName(queue)} onto ${queue}`);
        total += moved;
      }
      if (total === 0) io.out('nothing to replay');
    });

  // webhooks -----------------------------------------------------------------------------------
  // The partner API's own webhook routes, run for the endpoint's reseller: the same checks, limits and answers as the API.
  const webhookStore = () => new DynamoWebhookStore(c().clients.doc, c().tableName);
  const webhookApi = async (resellerId: string, operationId: string, input: { path?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {}): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any -- the route's JSON answer
    const route: Route | undefined = webhookRoutes.find((r) => r.operationId === operationId);
    if (!route) throw new Error(`no webhook route ${operationId}`);
    const parse = (schema: Route['params'] | null, value: unknown, where: string) => {
      if (!schema) return {};
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new CliError(`invalid ${where}:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(all)'}: ${i.message}`).join('\n')}`);
      return parsed.data;
    };
    const outbox = async (keys: readonly string[]) => {
      const QueueUrl = await c().queueUrl('outbox');
      for (const key of keys) await c().clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ key }) }));
    };
    const ctx = {
      deps: {
        webhooks: webhookStore(),
        queues: { send: async () => undefined, sendMany: async () => undefined, sendOutbox: outbox },
        // The CLI operates the local stack, whose receivers may listen on http://localhost.
        webhookPolicy: { allowLocalHttp: true },
        logger: { info: () => undefined, warn: (m: string) => io.err(m), error: (m: string) => io.err(m), debug: () => undefined },
      },
      cursors: cursorSealer(randomUUID()),
    } as unknown as RouteContext;
    try {
      return await route.handle(ctx, {
        caller: { resellerId }, path: parse(route.params, input.path ?? {}, 'arguments'), query: parse(route.query, input.query ?? {}, 'options'),
        body: parse(route.body, input.body ?? {}, 'options'), headers: {}, event: { id: '', at: '' },
      });
    } catch (error) {
      if (error instanceof ApiError) {
        const details = Array.isArray(error.details) ? (error.details as Array<{ field: string; message: string }>).map((d) => `\n  ${d.field || '(all)'}: ${d.message}`).join('') : '';
        throw new CliError(`${error.message}${details}`);
      }
      throw error;
    }
  };
  /** The reseller that owns an endpoint (endpoint ids are unique across resellers). */
  const ownerOf = async (endpointId: string): Promise<string> => {
    const endpoint = await webhookStore().endpoint(endpointId);
    if (!endpoint) throw new CliError(`no webhook endpoint ${endpointId}`);
    return endpoint.resellerId;
  };
  const list = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);

  const webhooks = program.command('webhooks').description("resellers' outbound webhook endpoints (Standard Webhooks): register, list, delete, rotate the secret, enable, the delivery log, replay");
  webhooks
    .command('create')
    .description('register an endpoint for a reseller; its signing secret is shown once')
    .requiredOption('--reseller <resellerId>', 'the reseller the endpoint belongs to')
    .requiredOption('--url <url>', 'https:// URL (http://localhost in the local stack)')
    .requiredOption('--events <types>', 'comma-separated event types (npm run cli -- webhooks event-types)', list)
    .option('--description <text>', 'a label')
    .action(async (o: { reseller: string; url: string; events: string[]; description?: string }) => {
      const created = await webhookApi(o.reseller, 'createWebhookEndpoint', { body: { url: o.url, eventTypes: o.events, ...(o.description !== undefined && { description: o.description }) } });
      io.out(`webhook endpoint ${created.id} for ${o.reseller} → ${created.url} (${created.eventTypes.join(', ')})\nsigning secret — shown once, store it now:\n${created.secret}`);
    });
  webhooks
    .command('event-types')
    .description('the event types an endpoint can receive')
    .action(async () => {
      const types = await webhookApi('', 'listWebhookEventTypes');
      io.out(table(['type', 'description'], types.data.map((t: { type: string; description: string }) => [t.type, t.description])));
    });
  webhooks
    .command('list')
    .description("a reseller's endpoints (never their secrets)")
    .requiredOption('--reseller <resellerId>', 'the reseller')
    .action(async (o: { reseller: string }) => {
      const rows: unknown[][] = [];
      let cursor: string | null = null;
      do {
        const page: { data: Array<Record<string, unknown>>; nextCursor: string | null } = await webhookApi(o.reseller, 'listWebhookEndpoints', { query: { limit: '100', ...(cursor && { cursor }) } });
        rows.push(...page.data.map((e) => [e.id, e.url, (e.eventTypes as string[]).join(', '), e.status, e.failingSince ?? '', e.disabledReason ?? '']));
        cursor = page.nextCursor;
      } while (cursor);
      io.out(rows.length ? table(['endpoint', 'url', 'event types', 'status', 'failing since', 'disabled because'], rows) : `no webhook endpoints for ${o.reseller}`);
    });
  webhooks
    .command('delete <endpointId>')
    .description('nothing more is sent to it; its pending deliveries fail')
    .action(async (endpointId: string) => {
      await webhookApi(await ownerOf(endpointId), 'deleteWebhookEndpoint', { path: { endpointId } });
      io.out(`deleted webhook endpoint ${endpointId}`);
    });
  webhooks
    .command('rotate <endpointId>')
    .description('a new signing secret, shown once; the old one keeps signing (a second signature) for 24 hours')
    .action(async (endpointId: string) => {
      const rotated = await webhookApi(await ownerOf(endpointId), 'rotateWebhookSecret', { path: { endpointId } });
      io.out(`new signing secret for ${endpointId} — shown once, store it now (the old one signs too until ${rotated.previousSecretValidUntil}):\n${rotated.secret}`);
    });
  webhooks
    .command('enable <endpointId>')
    .description('enable an endpoint disabled after failing for 5 days')
    .action(async (endpointId: string) => {
      const enabled = await webhookApi(await ownerOf(endpointId), 'enableWebhookEndpoint', { path: { endpointId } });
      io.out(`webhook endpoint ${endpointId} is ${enabled.status}`);
    });
  webhooks
    .command('deliveries <endpointId>')
    .description("an endpoint's delivery log, newest first, with the last attempt of each")
    .option('--limit <n>', 'at most n deliveries (1–200, default 50)', '50')
    .action(async (endpointId: string, o: { limit: string }) => {
      const page = await webhookApi(await ownerOf(endpointId), 'listWebhookDeliveries', { path: { endpointId }, query: { limit: o.limit } });
      const rows = page.data.map((d: { id: string; eventType: string; createdAt: string; status: string; nextAttemptAt: string | null; attemptCount: number; attempts: Array<{ at: string; statusCode: number | null; error: string | null }> }) => {
        const last = d.attempts[d.attempts.length - 1];
        return [d.id, d.eventType, d.createdAt, d.status, d.attemptCount, last ? `${last.at} ${last.statusCode ?? ''} ${last.error ?? 'ok'}`.replace(/ +/g, ' ') : '', d.nextAttemptAt ?? ''];
      });
      io.out(rows.length ? table(['delivery (webhook-id)', 'event type', 'created', 'status', 'attempts', 'last attempt', 'next attempt'], rows) : `no deliveries to ${endpointId}`);
    });
  webhooks
    .command('replay <endpointId> <deliveryId>')
    .description('send a delivery again: same webhook-id and body, newly signed, a new round of retries')
    .action(async (endpointId: string, deliveryId: string) => {
      const replayed = await webhookApi(await ownerOf(endpointId), 'replayWebhookDelivery', { path: { endpointId, deliveryId } });
      io.out(replayed.status === 'queued' ? `replay of ${deliveryId} queued` : `${deliveryId} is still being attempted; nothing added`);
    });

  return program;
}
