/**
 * Issue 7, measured on the domain alone (`npm run bench -- ledger`): decide() CPU per event and
 * the account item's size for 1, 10, 40 and 100 workplaces of one business customer after 1, 3
 * and 7 years of monthly invoices, each paid (bench/ledger-scenario.ts).
 *
 * The history of each subscription count is built once, month by month, through decide() with
 * the sweep's due ticks in between (as the pipeline delivers them); at each checkpoint the next
 * month is measured from the checkpoint's state, repeatedly (median CPU time):
 *  - tick: the due tick that issues the month's invoices (one per workplace);
 *  - payment: the first payment of that month (every invoice of the month still open);
 *  - quiet: a due tick with nothing due (the fixed cost of looking at the account).
 * The item is the state as adapters/dynamo-store.ts stores it (JSON in one attribute).
 *
 * Building is capped per subscription count (BENCH_LEDGER_BUDGET_S, default 100 s of CPU): a
 * checkpoint the build does not reach is printed as "n/a (over N s)", with how far it got.
 * BENCH_LEDGER_WALL_S (default 480) stops all building after that much wall time, so the bench ends
 * in minutes on a busy machine. BENCH_LEDGER_SUBS (default 1,10,40,100) and BENCH_LEDGER_YEARS
 * (default 1,3,7) pick the cells.
 */
import { encodeAccount } from '../adapters/account-codec.js';
import { decide, presetCatalog, type Account, type Decision, type IncomingEvent } from '../domain/index.js';
import type { BenchContext, BenchDef, BenchFigure } from './index.js';
import { LedgerScenario, median, utf8 } from './ledger-scenario.js';
import { ledgerCapacityBench } from './ledger-capacity.js';
import { ledgerPipelineBench } from './ledger-pipeline.js';

const envList = (name: string, fallback: number[]): number[] => {
  const raw = process.env[name];
  if (!raw) return fallback;
  const xs = raw.split(',').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n > 0);
  return xs.length > 0 ? xs : fallback;
};
const envNumber = (name: string, fallback: number): number => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** CPU milliseconds of `fn` (user + system). */
function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

class OverBudget extends Error {}

/** One customer's account driven through decide() as the pipeline would: ticks at every dueAt. */
class DomainLedger {
  state: Account | null = null;
  dueAt: string | null = null;
  clock: string;
  /** CPU ms spent building. */
  spentMs = 0;
  months = 0;
  events = 0;

  constructor(
    readonly s: LedgerScenario,
    private readonly budgetMs: number,
    /** Date.now() after which building stops whatever the CPU spent (a busy machine). */
    private readonly wallDeadline = Infinity,
  ) {
    this.clock = s.startAt;
  }

  private apply(event: IncomingEvent, now: string): Decision {
    let d: Decision | undefined;
    this.spentMs += cpuMs(() => (d = decide(this.state, event, presetCatalog, now)));
    this.state = d!.state;
    this.dueAt = d!.dueAt;
    this.clock = now;
    this.events++;
    if (this.spentMs > this.budgetMs || Date.now() > this.wallDeadline) throw new OverBudget();
    return d!;
  }

  /** Runs the sweep's ticks up to `until` (a tick only when something is due, like the due index). */
  sweepTo(until: string): void {
    const limit = Date.parse(until);
    for (let guard = 0; this.state !== null && this.dueAt !== null && Date.parse(this.dueAt) <= limit && guard < 1000; guard++) {
      const due = this.dueAt;
      this.apply(this.s.tick(due), due);
      if (this.dueAt !== null && Date.parse(this.dueAt) <= Date.parse(due)) break; // nothing moved: the sweep would not spin
    }
  }

  send(event: IncomingEvent): Decision {
    this.sweepTo(event.occurredAt);
    return this.apply(event, new Date(Date.parse(event.occurredAt)).toISOString());
  }

  open(): void {
    for (const e of this.s.opening()) this.send(e);
  }

  /** Month m: the sweep up to pay day (the month's invoices), then one payment per invoice. */
  month(m: number): void {
    for (const e of this.s.payments(m)) this.send(e);
    this.months = m + 1;
  }
}

interface Measured {
  readonly subs: number;
  readonly years: number;
  /** Set on a row measured where the build stopped (its budget), not at a checkpoint. */
  readonly partial?: string;
  readonly months: number;
  readonly bytes: number;
  /** What the store writes for it: the deflated state (adapters/account-codec.ts). */
  readonly storedBytes: number;
  readonly tickMs: number;
  readonly paymentMs: number;
  readonly quietMs: number;
  readonly runs: number;
  readonly unpaid: number;
}

interface Missing {
  readonly subs: number;
  readonly years: number;
  readonly note: string;
}

type Cell = Measured | Missing;
const isMeasured = (c: Cell): c is Measured => 'bytes' in c;

/** Repeats `fn` (a decide from a fixed state) until `minRuns` and `minMs`, at most `maxRuns`; median CPU ms. */
function measure(fn: () => void, minRuns = 3, maxRuns = 9, minMs = 300, capMs = 20_000): { ms: number; runs: number } {
  const xs: number[] = [];
  let spent = 0;
  while (xs.length < maxRuns && (xs.length < minRuns || spent < minMs) && !(xs.length >= 1 && spent > capMs)) {
    const ms = cpuMs(fn);
    xs.push(ms);
    spent += ms;
  }
  return { ms: median(xs), runs: xs.length };
}

/** Open invoices in a state, read defensively (the account's shape is the rewrite's to change). */
function unpaidInvoices(state: Account): number {
  const invoices = (state as { invoices?: Record<string, { totalCents?: number; paidCents?: number; writtenOffCents?: number }> }).invoices;
  if (!invoices) return 0;
  return Object.values(invoices).filter((i) => (i.totalCents ?? 0) - (i.paidCents ?? 0) - (i.writtenOffCents ?? 0) > 0).length;
}

function measureCheckpoint(l: DomainLedger, years: number): Measured {
  const state = l.state!;
  const m = l.months; // the next month to invoice and pay
  const bytes = utf8(JSON.stringify(state));
  const storedBytes = encodeAccount(state).state.byteLength;
  const due = l.dueAt!;
  // The tick that issues month m's invoices.
  const tickEvent = l.s.tick(due);
  let afterTick: Account | null = null;
  const tick = measure(() => (afterTick = decide(state, tickEvent, presetCatalog, due).state));
  // The first payment of month m, every invoice of the month open.
  const pay = l.s.payments(m)[0]!;
  const payNow = new Date(Date.parse(pay.occurredAt)).toISOString();
  const ticked = afterTick!;
  const payment = measure(() => void decide(ticked, pay, presetCatalog, payNow));
  // A due tick at the checkpoint's own instant: nothing is due.
  const quietAt = l.clock;
  const quietEvent = l.s.tick(quietAt);
  const quiet = measure(() => void decide(state, quietEvent, presetCatalog, quietAt));
  return { subs: l.s.subscriptions, years, months: m, bytes, storedBytes, tickMs: tick.ms, paymentMs: payment.ms, quietMs: quiet.ms, runs: Math.min(tick.runs, payment.runs, quiet.runs), unpaid: unpaidInvoices(state) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);

export function ledgerTable(cells: readonly Cell[]): string[] {
  const header = ['subs', 'years', 'invoices', 'state JSON', 'stored (deflated)', 'tick (issues the month)', 'first payment of the month', 'quiet tick'];
  const rows = cells.map((c) =>
    isMeasured(c)
      ? [String(c.subs), c.partial ?? String(c.years), String(c.subs * c.months), kb(c.bytes), kb(c.storedBytes), ms(c.tickMs), ms(c.paymentMs), ms(c.quietMs)]
      : [String(c.subs), String(c.years), '—', c.note, '', 'n/a', 'n/a', 'n/a'],
  );
  const measured = cells.filter(isMeasured).filter((c) => c.partial === undefined);
  const ratio = (f: (c: Measured) => number) => {
    if (measured.length < 2) return 'n/a';
    const xs = measured.map(f);
    return `${(Math.max(...xs) / Math.min(...xs)).toFixed(1)}×`;
  };
  // Flat with age: per subscription count, the oldest checkpoint against the youngest.
  for (const subs of [...new Set(measured.map((c) => c.subs))]) {
    const own = measured.filter((c) => c.subs === subs);
    if (own.length < 2) continue;
    const young = own.reduce((a, b) => (a.years <= b.years ? a : b));
    const old = own.reduce((a, b) => (a.years >= b.years ? a : b));
    const r = (f: (c: Measured) => number) => `${(f(old) / f(young)).toFixed(2)}×`;
    rows.push([`${subs} subs: ${old.years} y / ${young.years} y`, '', '', r((c) => c.bytes), r((c) => c.storedBytes), r((c) => c.tickMs), r((c) => c.paymentMs), r((c) => c.quietMs)]);
  }
  rows.push(['largest/smallest', '(all cells)', '', ratio((c) => c.bytes), ratio((c) => c.storedBytes), ratio((c) => c.tickMs), ratio((c) => c.paymentMs), ratio((c) => c.quietMs)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

export const ledgerBench: BenchDef = {
  name: 'ledger',
  description: 'issue 7: decide() CPU per event and account item size by workplaces × years of paid monthly invoices (domain only)',
  async run(ctx: BenchContext) {
    const subsList = envList('BENCH_LEDGER_SUBS', [1, 10, 40, 100]);
    const yearsList = envList('BENCH_LEDGER_YEARS', [1, 3, 7]).sort((a, b) => a - b);
    const budgetS = envNumber('BENCH_LEDGER_BUDGET_S', 90);
    // The whole bench stops building after this much wall time (CPU budgets do not bound it on a busy machine).
    const benchDeadline = Date.now() + envNumber('BENCH_LEDGER_WALL_S', 480) * 1000;
    ctx.report(`totaldesk, business customer, 3 seats × €50 per workplace, monthly invoices issued on the 1st, one direct-debit payment per invoice on the 5th`);
    ctx.report(`build budget ${budgetS} s CPU per subscription count; CPU = process.cpuUsage (user+system), median of ≥ 3 runs from the same state`);
    const cells: Cell[] = [];
    const figures: BenchFigure[] = [];
    // Warm-up (not measured): the JIT compiles decide() before the first cell's timings.
    const warm = new DomainLedger(new LedgerScenario(3, 'warm'), 60_000);
    warm.open();
    for (let m = 0; m < 6; m++) warm.month(m);
    measureCheckpoint(warm, 0.5);
    for (const subs of subsList) {
      const l = new DomainLedger(new LedgerScenario(subs, `d${subs}`), budgetS * 1000, benchDeadline);
      const wall0 = Date.now();
      let over = false;
      try {
        l.open();
      } catch (e) {
        if (!(e instanceof OverBudget)) throw e;
        over = true;
      }
      for (const years of yearsList) {
        if (!over) {
          try {
            while (l.months < years * 12) l.month(l.months);
          } catch (e) {
            if (!(e instanceof OverBudget)) throw e;
            over = true;
          }
        }
        if (over) {
          const reached = l.months;
          if (reached > 0 && !cells.some((c) => c.subs === subs && isMeasured(c) && c.partial !== undefined) && !cells.some((c) => c.subs === subs && isMeasured(c))) {
            // Nothing measured for this count yet: measure where the build got, marked as such.
            const partial = { ...measureCheckpoint(l, reached / 12), partial: `month ${reached} (budget)` };
            cells.push(partial);
            ctx.report(`${subs} subs at month ${reached} (where the build stopped): item ${kb(partial.bytes)}; tick ${ms(partial.tickMs)}, payment ${ms(partial.paymentMs)}, quiet ${ms(partial.quietMs)}`);
          }
          const at = l.state ? `; reached month ${reached}, ${kb(utf8(JSON.stringify(l.state)))}, ${(l.spentMs / Math.max(1, l.events)).toFixed(0)} ms CPU/event on average` : '';
          const why = Date.now() > benchDeadline ? `the bench's wall limit` : `${budgetS} s CPU`;
          cells.push({ subs, years, note: `n/a (over ${Date.now() > benchDeadline ? 'wall limit' : `${budgetS} s`})` });
          ctx.report(`${subs} subs × ${years} y: n/a — building stopped after ${why}${at}`);
          continue;
        }
        const c = measureCheckpoint(l, years);
        cells.push(c);
        ctx.report(`${subs} subs × ${years} y: built in ${(l.spentMs / 1000).toFixed(1)} s CPU (${l.events} events, ${((Date.now() - wall0) / 1000).toFixed(0)} s wall); item ${kb(c.bytes)}; tick ${ms(c.tickMs)}, payment ${ms(c.paymentMs)}, quiet ${ms(c.quietMs)} (${c.runs}+ runs); unpaid invoices ${c.unpaid}`);
        figures.push(
          { label: `${subs} subs ${years} y item`, value: c.bytes, unit: 'bytes' },
          { label: `${subs} subs ${years} y tick`, value: c.tickMs, unit: 'ms CPU' },
          { label: `${subs} subs ${years} y payment`, value: c.paymentMs, unit: 'ms CPU' },
          { label: `${subs} subs ${years} y quiet tick`, value: c.quietMs, unit: 'ms CPU' },
        );
      }
    }
    ctx.report('');
    for (const line of ledgerTable(cells)) ctx.report(line);
    return figures;
  },
};

export const ledgerBenches: BenchDef[] = [ledgerBench, ledgerCapacityBench, ledgerPipelineBench];
