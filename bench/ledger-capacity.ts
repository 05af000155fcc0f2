/**
 * Issue 7, DynamoDB capacity (`npm run bench -- ledger-capacity`): read and write capacity units
 * per event by kind through the real use case and store (app/process-event.ts →
 * adapters/dynamo-store.ts) against DynamoDB Local, for the bench/ledger-scenario.ts customer
 * with a small and a large history.
 *
 * Every DynamoDB request of the handler's client is sent with ReturnConsumedCapacity: 'TOTAL'
 * (SDK middleware; no adapter changes) and the units DynamoDB Local answers are summed per event.
 * Next to them, the units AWS's rules give for the account item alone (read back after each
 * event): a strongly consistent GetItem costs ceil(size / 4 KB) RCU, a write ceil(size / 1 KB)
 * WCU, doubled inside a transaction.
 *
 * Cases: BENCH_LEDGER_CAPACITY_CASES (default "1x1,10x12,40x6": workplaces × months of history
 * before the measured month); a case's history build stops after BENCH_LEDGER_CAPACITY_BUDGET_S
 * (default 150 s wall) and is measured where it got.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { processEvent } from '../app/process-event.js';
import { presetCatalog, type IncomingEvent } from '../domain/index.js';
import { createLocalDeps } from '../functions/local-deps.js';
import { createLocalClients } from '../local/clients.js';
import { createSimulatedClock } from '../local/clock.js';
import { provision } from '../local/provision.js';
import { freePorts, startLocalStack } from '../local/stack.js';
import type { BenchContext, BenchDef, BenchFigure } from './index.js';
import { dynamoItemBytes, LedgerScenario, localInstant } from './ledger-scenario.js';

const READS = new Set(['GetCommand', 'GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand', 'BatchGetItemCommand', 'TransactGetCommand', 'TransactGetItemsCommand']);
const WITH_CAPACITY = new Set([
  ...READS,
  'PutCommand', 'PutItemCommand', 'UpdateCommand', 'UpdateItemCommand', 'DeleteCommand', 'DeleteItemCommand',
  'BatchWriteCommand', 'BatchWriteItemCommand', 'TransactWriteCommand', 'TransactWriteItemsCommand',
]);

interface Consumed { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }

/** Sums the capacity DynamoDB reports, by read and write, for every request of a client. */
class CapacityMeter {
  rcu = 0;
  wcu = 0;
  requests = 0;
  /** Requests that came back without ConsumedCapacity. */
  unreported = 0;
  readonly commands = new Map<string, number>();
  /** What a TransactWriteItems carried, by item kind: items and WCU by AWS's rules (2 × ceil(KB)). */
  readonly written = new Map<string, { items: number; bytes: number; wcu: number }>();

  reset(): void {
    this.rcu = this.wcu = this.requests = this.unreported = 0;
    this.commands.clear();
    this.written.clear();
  }

  private recordTransaction(input: Record<string, unknown>): void {
    for (const t of (input['TransactItems'] as Array<Record<string, { Item?: Record<string, unknown>; Key?: Record<string, unknown> }>> | undefined) ?? []) {
      const op = Object.keys(t)[0]!;
      const item = t[op]!.Item ?? t[op]!.Key ?? {};
      const bytes = dynamoItemBytes(item);
      const kind = `${op} ${itemKind(item)}`;
      const w = this.written.get(kind) ?? { items: 0, bytes: 0, wcu: 0 };
      w.items++;
      w.bytes += bytes;
      w.wcu += 2 * Math.max(1, Math.ceil(bytes / 1024));
      this.written.set(kind, w);
    }
  }

  install(client: { middlewareStack: unknown }): void {
    const stack = client.middlewareStack as { add(mw: unknown, options: { step: string; name: string; override?: boolean }): void };
    stack.add(
      (next: (args: { input: Record<string, unknown> }) => Promise<{ output: { ConsumedCapacity?: Consumed | Consumed[] } }>, context: { commandName?: string }) =>
        async (args: { input: Record<string, unknown> }) => {
          const command = context.commandName ?? 'unknown';
          if (WITH_CAPACITY.has(command)) args.input['ReturnConsumedCapacity'] ??= 'TOTAL';
          if (command.startsWith('TransactWrite')) this.recordTransaction(args.input);
          const result = await next(args);
          if (WITH_CAPACITY.has(command)) {
            this.requests++;
            this.commands.set(command, (this.commands.get(command) ?? 0) + 1);
            const consumed = result.output.ConsumedCapacity;
            const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
            if (list.length === 0) this.unreported++;
            for (const c of list) {
              const units = c.CapacityUnits ?? 0;
              if (READS.has(command)) this.rcu += c.ReadCapacityUnits ?? units;
              else this.wcu += c.WriteCapacityUnits ?? units;
            }
          }
          return result;
        },
      { step: 'initialize', name: 'ledgerCapacityMeter', override: true },
    );
  }
}

/** `CUST#…/ACCOUNT`, `SUB#…/AUDIT#…`: the kind of an item by its key prefixes. */
function itemKind(item: Record<string, unknown>): string {
  const prefix = (v: unknown) => {
    const str = typeof v === 'string' ? v : '';
    const i = str.indexOf('#');
    return i < 0 ? str : `${str.slice(0, i + 1)}…`;
  };
  return `${prefix(item['pk'])}/${prefix(item['sk'])}`;
}

interface Row {
  readonly kind: string;
  readonly history: string;
  readonly events: number;
  readonly rcu: number;
  readonly wcu: number;
  readonly requests: number;
  readonly unreported: number;
  readonly accountBytes: number;
  readonly computedRcu: number;
  readonly computedWcu: number;
}

const parseCases = (raw: string | undefined): Array<{ subs: number; months: number }> =>
  (raw ?? '1x1,10x12,40x6')
    .split(',')
    .map((c) => c.trim().split('x').map(Number))
    .filter((xs) => xs.length === 2 && xs.every((n) => Number.isInteger(n) && n > 0))
    .map(([subs, months]) => ({ subs: subs!, months: months! }));

export const ledgerCapacityBench: BenchDef = {
  name: 'ledger-capacity',
  description: 'issue 7: DynamoDB read/write capacity units per event by kind through the real store (DynamoDB Local), small and large history',
  async run(ctx: BenchContext) {
    const cases = parseCases(process.env['BENCH_LEDGER_CAPACITY_CASES']);
    const budgetMs = (Number(process.env['BENCH_LEDGER_CAPACITY_BUDGET_S']) || 150) * 1000;
    const [dynamoPort, sqsPort, sesPort] = await freePorts(3);
    const stack = await startLocalStack({ dynamoPort, sqsPort, sesPort, inMemory: true });
    const clients = createLocalClients(stack.endpoints);
    const reader = createLocalClients(stack.endpoints);
    const rows: Row[] = [];
    const breakdowns: string[] = [];
    try {
      const { tableName, queueUrls } = await provision(stack.endpoints, { visibilityTimeoutSeconds: 30 });
      const meter = new CapacityMeter();
      meter.install(clients.dynamodb);
      const clock = createSimulatedClock({ start: localInstant(0, 1, 9), mode: 'frozen' });
      // The presets as a fixed catalog: only the account store's requests are measured.
      const deps = createLocalDeps({ clients, tableName, queueUrls, clock, catalog: presetCatalog, logLevel: 'SILENT' });

      for (const { subs, months } of cases) {
        const s = new LedgerScenario(subs, `cap${subs}x${months}${Date.now().toString(36)}`);
        const history = `${subs} subs`;
        const accountBytes = async (): Promise<number> => {
          const { Item } = await reader.doc.send(new GetCommand({ TableName: tableName, Key: { pk: `CUST#${s.customerId}`, sk: 'ACCOUNT' }, ConsistentRead: true }));
          return Item ? dynamoItemBytes(Item) : 0;
        };
        const acc = new Map<string, { events: number; rcu: number; wcu: number; requests: number; unreported: number; bytes: number; computedRcu: number; computedWcu: number; written: Map<string, { items: number; bytes: number; wcu: number }> }>();
        let loadedBytes = 0;
        const run = async (event: IncomingEvent, label: string | null): Promise<void> => {
          clock.set(event.occurredAt);
          meter.reset();
          await processEvent(deps, event);
          const after = await accountBytes();
          if (label !== null) {
            const a = acc.get(label) ?? { events: 0, rcu: 0, wcu: 0, requests: 0, unreported: 0, bytes: 0, computedRcu: 0, computedWcu: 0, written: new Map() };
            for (const [kind, w] of meter.written) {
              const t = a.written.get(kind) ?? { items: 0, bytes: 0, wcu: 0 };
              a.written.set(kind, { items: t.items + w.items, bytes: t.bytes + w.bytes, wcu: t.wcu + w.wcu });
            }
            a.events++;
            a.rcu += meter.rcu;
            a.wcu += meter.wcu;
            a.requests += meter.requests;
            a.unreported += meter.unreported;
            a.bytes = after;
            // The account item alone by AWS's rules: read once (strongly consistent), written once in the transaction.
            a.computedRcu += Math.ceil(loadedBytes / 4096);
            a.computedWcu += 2 * Math.ceil(after / 1024);
            acc.set(label, a);
          }
          loadedBytes = after;
        };
        const started = Date.now();
        const opening = s.opening();
        const small = subs === 1;
        const fresh = (kind: string) => (small ? `${kind} @ new account` : null);
        for (const e of opening) await run(e, fresh(e.type));
        // History: months 0 … months-2 built, month months-1 measured (its invoicing tick and payments).
        let m = 0;
        let stopped = false;
        for (; m < months - 1; m++) {
          if (Date.now() - started > budgetMs) {
            stopped = true;
            break;
          }
          if (m > 0) await run(s.tick(localInstant(m, 1, 0)), null);
          for (const p of s.payments(m)) await run(p, null);
        }
        const label = (kind: string) => `${kind} @ ${history}, month ${m + 1}`;
        if (m > 0) await run(s.tick(localInstant(m, 1, 0)), label('subscription.due (issues the month)'));
        for (const p of s.payments(m)) await run(p, label('payment.succeeded'));
        // One more workplace on the grown account.
        if (!small) {
          const at = localInstant(m, 10, 9);
          await run(s.subscriptionCreated(subs, at), label('subscription.created'));
          await run(s.subscriptionActivated(subs, at), label('subscription.activated'));
        }
        for (const [kind, a] of acc) {
          breakdowns.push(`${kind}: ${[...a.written.entries()].sort((x, y) => y[1].wcu - x[1].wcu).map(([k, w]) => `${k} ×${(w.items / a.events).toFixed(1)} ${(w.bytes / a.events / 1024).toFixed(1)} KB ${(w.wcu / a.events).toFixed(0)} WCU`).join(', ')}`);
          rows.push({ kind, history: history, events: a.events, rcu: a.rcu / a.events, wcu: a.wcu / a.events, requests: a.requests / a.events, unreported: a.unreported, accountBytes: a.bytes, computedRcu: a.computedRcu / a.events, computedWcu: a.computedWcu / a.events });
        }
        ctx.report(`${subs} subs: history of ${m} month(s) built${stopped ? ` (stopped at the ${budgetMs / 1000} s budget)` : ''}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
      const anyUnreported = rows.some((r) => r.unreported > 0);
      ctx.report(anyUnreported ? 'DynamoDB Local left ConsumedCapacity out of some answers: those requests count 0 in the reported columns' : 'DynamoDB Local reported ConsumedCapacity on every request');
      ctx.report('');
      const header = ['event (history)', 'events', 'requests/event', 'RCU/event', 'WCU/event', 'account item', 'account alone by AWS rules: RCU / WCU'];
      const body = rows.map((r) => [r.kind, String(r.events), r.requests.toFixed(1), r.rcu.toFixed(1), r.wcu.toFixed(1), `${(r.accountBytes / 1024).toFixed(1)} KB`, `${r.computedRcu.toFixed(1)} / ${r.computedWcu.toFixed(1)}`]);
      const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
      const line = (r: string[]) => `| ${r.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
      ctx.report(line(header));
      ctx.report(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
      for (const b of body) ctx.report(line(b));
      ctx.report('');
      ctx.report('what the transaction of each event wrote, per event (item kind × count, size, WCU by AWS rules):');
      for (const b of breakdowns) ctx.report(`  ${b}`);
      const figures: BenchFigure[] = rows.flatMap((r) => [
        { label: `${r.kind} RCU`, value: r.rcu, unit: 'RCU/event' },
        { label: `${r.kind} WCU`, value: r.wcu, unit: 'WCU/event' },
      ]);
      return figures;
    } finally {
      clients.destroy();
      reader.destroy();
      await stack.stop();
    }
  },
};
