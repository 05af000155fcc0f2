/**
 * `npm run bench` (tsx bench/index.ts [name-filter…]): runs every registered bench in order and
 * prints its figures. Not part of the tests.
 *
 * Adding a bench (an end-to-end one against the local stack, say): write `bench/<name>.ts`
 * exporting one or more `BenchDef`s and add them to `BENCHES` below. A bench prints its own
 * lines through `report` and returns its headline figures so a caller can compare runs.
 */
import { pathToFileURL } from 'node:url';
import { decideBenches } from './decide.js';
import { e2eBenches } from './e2e.js';
import { apiBenches } from './api.js';
import { ledgerBenches } from './ledger.js';
import { bundleBenches } from './bundles.js';
import { reorderBenches } from './reorder.js';

export interface BenchFigure {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
}

export interface BenchContext {
  /** Prints one line under the bench's heading. */
  report(line: string): void;
}

export interface BenchDef {
  /** Short, unique, kebab-case: the filter on the command line matches it. */
  readonly name: string;
  readonly description: string;
  run(ctx: BenchContext): Promise<readonly BenchFigure[]>;
}

/** The registry: every bench `npm run bench` knows, in the order they run. */
export const BENCHES: BenchDef[] = [...decideBenches, ...e2eBenches, ...apiBenches, ...ledgerBenches, ...bundleBenches, ...reorderBenches];

export function register(...defs: BenchDef[]): void {
  for (const d of defs) {
    if (BENCHES.some((b) => b.name === d.name)) throw new Error(`bench ${d.name} is registered twice`);
    BENCHES.push(d);
  }
}

/**
 * Runs the benches whose name contains one of `filters` (all when none), printing as it goes. A
 * filter that is a bench's whole name picks that bench alone (`ledger`, not `ledger-pipeline`).
 */
export async function runBenches(filters: readonly string[] = [], out: (line: string) => void = console.log): Promise<Map<string, readonly BenchFigure[]>> {
  const matches = (name: string, f: string) => (BENCHES.some((b) => b.name === f) ? name === f : name.includes(f));
  const chosen = BENCHES.filter((b) => filters.length === 0 || filters.some((f) => matches(b.name, f)));
  if (chosen.length === 0) throw new Error(`no bench matches ${filters.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  const results = new Map<string, readonly BenchFigure[]>();
  out(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const b of chosen) {
    out(`\n▶ ${b.name} — ${b.description}`);
    const figures = await b.run({ report: (line) => out(`  ${line}`) });
    results.set(b.name, figures);
  }
  return results;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  runBenches(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
