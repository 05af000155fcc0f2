/**
 * Issue 9 item 5: every function bundle, built exactly as the stack builds it, stays within
 * 250 KB minified, and leaves the libraries the runtime layer serves to the layer. The sizes and
 * the cold-start cost per function: `npm run bench -- bundles`.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functions } from './functions.js';
import { functionBuildOptions, RUNTIME_PACKAGE, runtimeImports } from './runtime-layer.js';

const BUDGET_BYTES = 250 * 1024;

describe('function bundles (issue 9 item 5)', () => {
  it.each(functions.map((f) => [f.name, f] as const))('%s is at most 250 KB minified, its SDK, Powertools, zod and middy from the runtime layer', async (_name, fn) => {
    const result = await build({ ...functionBuildOptions(fn), write: false, outfile: 'index.mjs', metafile: true });
    const output = Object.values(result.metafile.outputs)[0]!;
    const inlined = Object.keys(output.inputs).filter((path) => /node_modules\/(@aws-sdk|@aws-lambda-powertools|@smithy|zod|@middy)\//.test(path));
    expect(inlined).toEqual([]);
    expect(output.imports.filter((i) => i.external).every((i) => i.path.startsWith(`${RUNTIME_PACKAGE}/`) || i.path.startsWith('node:') || !i.path.includes('/'))).toBe(true);
    if (output.bytes > BUDGET_BYTES) throw new Error(`${fn.name}: ${(output.bytes / 1024).toFixed(1)} KB minified, over the 250 KB budget (npm run bench -- bundles shows its biggest parts)`);
    expect(output.bytes).toBeLessThanOrEqual(BUDGET_BYTES);
  }, 60_000);

  it('leaves zod tree-shaken in the runtime layer: no function takes the whole namespace', () => {
    expect(runtimeImports().get('zod')?.has('*')).toBe(false);
  }, 120_000);
});
