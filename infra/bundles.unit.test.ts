/**
 * Issue 9 item 5: every function bundle, built exactly as the stack builds it, stays within
 * 250 KB minified, and leaves the libraries the runtime layer serves to the layer. The sizes and
 * the cold-start cost per function: `npm run bench -- bundles`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functions } from './functions.js';
import { buildRuntimeLayer, functionBuildOptions, RUNTIME_LAYER_PATH, RUNTIME_PACKAGE, runtimeImports } from './runtime-layer.js';

const BUDGET_BYTES = 250 * 1024;

describe('function bundles (issue 9 item 5)', () => {
  it.each(functions.map((f) => [f.name, f] as const))('%s is at most 250 KB minified, its SDK, Powertools, zod and middy from the runtime layer', async (_name, fn) => {
    const result = await build({ ...functionBuildOptions(fn), write: false, outfile: 'index.mjs', metafile: true });
    const output = Object.values(result.metafile.outputs)[0]!;
    const inlined = Object.keys(output.inputs).filter((path) => /node_modules\/(@aws-sdk|@aws-lambda-powertools|@smithy|zod|@middy)\//.test(path));
    expect(inlined).toEqual([]);
    expect(output.imports.filter((i) => i.external).every((i) => i.path.startsWith(`${RUNTIME_PACKAGE}/`) || i.path.startsWith('node:') || !i.path.includes('/'))).toBe(true);
    // Built-ins through the require path (infra/bundling.ts builtinAliases): `module` (createRequire) is the only one imported as ESM.
    expect(output.imports.filter((i) => i.external && i.kind === 'import-statement' && !i.path.startsWith(`${RUNTIME_PACKAGE}/`) && i.path !== 'node:module')).toEqual([]);
    if (output.bytes > BUDGET_BYTES) throw new Error(`${fn.name}: ${(output.bytes / 1024).toFixed(1)} KB minified, over the 250 KB budget (npm run bench -- bundles shows its biggest parts)`);
    expect(output.bytes).toBeLessThanOrEqual(BUDGET_BYTES);
  }, 60_000);

  it('loads Node built-ins in the runtime layer through the require path, never as an ESM import (node:http alone would load undici)', () => {
    const root = mkdtempSync(join(tmpdir(), 'looptijd-layer-'));
    try {
      buildRuntimeLayer(root);
      const dir = join(root, RUNTIME_LAYER_PATH);
      const esmBuiltins = readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.mjs'))
        .flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(/(?:^|[;\n])\s*import\s*[^;"]*?from\s*"((?:node:)?[a-z_/0-9]+)"/g)].map((m) => `${file}: ${m[1]}`))
        .filter((found) => !/: (node:)?module$/.test(found));
      expect(esmBuiltins).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('leaves zod tree-shaken in the runtime layer: no function takes the whole namespace', () => {
    expect(runtimeImports().get('zod')?.has('*')).toBe(false);
  }, 120_000);
});
