/**
 * The runtime layer (issue 9 item 5): the AWS SDK clients and Powertools utilities the functions
 * import, tree-shaken and minified by esbuild into one package, `looptijd-runtime`, served to
 * every function from a Lambda layer at /opt/nodejs/node_modules. Pinned to the versions in
 * package-lock.json (so SDK clients and Powertools stay aligned), and loaded as a few files
 * instead of the hundreds of node_modules files of the runtime's SDK and AWS's Powertools layer
 * (~3× fewer instructions for a cold start: `BENCH_INSTRUCTIONS=1 npm run bench -- bundles`).
 *
 * Each imported specifier (`@aws-sdk/lib-dynamodb`, `@aws-lambda-powertools/logger/middleware` …)
 * is one entry exporting exactly the names the function bundles import from it (read off the
 * bundles themselves); code they share sits in chunks (esbuild code splitting), so a function
 * loads only what its own imports reach. The function bundles import `looptijd-runtime/<specifier>`
 * (esbuild `alias`, RUNTIME_ALIASES) and leave it external.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { buildSync, type BuildOptions } from 'esbuild';
import { functions, type FunctionDefinition } from './functions.js';
import { BUNDLING, builtinAliases, bundlingDefine } from './bundling.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const requireFromRoot = createRequire(join(REPO_ROOT, 'package.json'));

/** The package name the bundles import the layer's modules under. */
export const RUNTIME_PACKAGE = 'looptijd-runtime';

/** Where the layer's files go below the layer root (Lambda puts /opt/nodejs/node_modules on the module path). */
export const RUNTIME_LAYER_PATH = join('nodejs', 'node_modules', RUNTIME_PACKAGE);

/** What the layer serves: the SDK and Powertools, and the libraries every function shares (zod, middy). */
const SERVED = (dependency: string) => dependency.startsWith('@aws-sdk/') || dependency.startsWith('@aws-lambda-powertools/') || dependency === 'zod' || dependency === '@middy/core';

/**
 * The credential providers Lambda never reaches (its credentials are in the environment, which
 * the SDK's chain reads first): imported lazily by the SDK, left out of the layer (~130 KB).
 */
export const UNUSED_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-ini', '@aws-sdk/credential-provider-sso', '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity', '@aws-sdk/credential-provider-login', '@aws-sdk/credential-provider-http',
  '@aws-sdk/nested-clients', '@aws-sdk/nested-clients/*', '@aws-sdk/token-providers', '@smithy/credential-provider-imds',
];

/** `@aws-sdk/x` → `looptijd-runtime/@aws-sdk/x` for every SDK and Powertools package the app depends on (esbuild `alias`). */
export function runtimeAliases(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return Object.fromEntries(Object.keys(pkg.dependencies).filter(SERVED).map((d) => [d, `${RUNTIME_PACKAGE}/${d}`]));
}

/** esbuild `alias` of a function bundle: Node's built-ins to their shims, the SDK, Powertools, zod and middy to the layer. */
export function functionAliases(): Record<string, string> {
  return { ...builtinAliases(), ...runtimeAliases() };
}

/** esbuild options of a function bundle, shared by the stack (NodejsFunction) and the bundle bench. */
export function functionBuildOptions(fn: FunctionDefinition): BuildOptions {
  return {
    entryPoints: [join(REPO_ROOT, fn.entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target,
    minify: true,
    mainFields: [...BUNDLING.mainFields],
    alias: functionAliases(),
    // Modules a function loads from a layer of their own (pdf-lib: infra/functions.ts layerModules).
    external: [...BUNDLING.external, ...(fn.layerModules ?? [])],
    banner: { js: BUNDLING.banner },
    define: bundlingDefine(),
    logLevel: 'error',
  };
}

/** What each function bundle imports from the layer: specifier → names (`*` for a dynamic import). */
export function runtimeImports(defs: readonly FunctionDefinition[] = functions): Map<string, Set<string>> {
  const wanted = new Map<string, Set<string>>();
  const add = (spec: string, name: string) => {
    if (!wanted.has(spec)) wanted.set(spec, new Set());
    wanted.get(spec)!.add(name);
  };
  const prefix = RUNTIME_PACKAGE.replace(/[-/]/g, '\\$&') + '\\/';
  for (const fn of defs) {
    // Not minified, so that a namespace import keeps its name (`z`) and reads as `z.object`; without the packed
    // OpenAPI document, whose base64 could read as a bare `z` passed on whole.
    const options = functionBuildOptions(fn);
    const out = buildSync({ ...options, define: { ...options.define, 'process.env.LOOPTIJD_OPENAPI_GZ': '""' }, minify: false, write: false, outfile: 'index.mjs' });
    const text = out.outputFiles?.[0]?.text ?? '';
    for (const m of text.matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*"${prefix}([^"]+)"`, 'g'))) {
      for (const part of m[1]!.split(',')) if (part.trim() !== '') add(m[2]!, part.trim().split(/\s+as\s+/)[0]!);
    }
    // A namespace import (`import * as z from 'zod'`): the names read off it, or all when it is passed on whole.
    for (const m of text.matchAll(new RegExp(`import\\s*\\*\\s*as\\s*([\\w$]+)\\s*from\\s*"${prefix}([^"]+)"`, 'g'))) {
      const ns = m[1]!.replace(/\$/g, '\\$');
      const uses = [...text.matchAll(new RegExp(`(?<![\\w$.])${ns}(\\.[A-Za-z_$][\\w$]*)?(?![\\w$])`, 'g'))].slice(1);
      const exported = new Set(Object.keys(requireFromRoot(m[2]!) as object));
      if (uses.some((u) => u[1] === undefined)) add(m[2]!, '*');
      else for (const u of uses) if (exported.has(u[1]!.slice(1))) add(m[2]!, u[1]!.slice(1));
    }
    for (const m of text.matchAll(new RegExp(`import\\s+[\\w$]+\\s*(?:,|from)\\s*"?${prefix}([^"]+)"`, 'g'))) add(m[1]!, 'default');
    for (const m of text.matchAll(new RegExp(`import\\("${prefix}([^"]+)"\\)`, 'g'))) add(m[1]!, '*');
  }
  return wanted;
}

/**
 * Builds the layer into `layerRoot` (`<layerRoot>/nodejs/node_modules/looptijd-runtime`), answering
 * its size in bytes. Synchronous, so the CDK's local bundling can call it.
 */
export function buildRuntimeLayer(layerRoot: string, defs: readonly FunctionDefinition[] = functions): { bytes: number; files: Record<string, number>; graph: Record<string, { bytes: number; imports: string[] }> } {
  const imports = runtimeImports(defs);
  const outdir = join(layerRoot, RUNTIME_LAYER_PATH);
  rmSync(outdir, { recursive: true, force: true });
  // The entries live under node_modules/.cache so that they resolve the packages from the repository's node_modules.
  const entryDir = join(REPO_ROOT, 'node_modules', '.cache', RUNTIME_PACKAGE);
  rmSync(entryDir, { recursive: true, force: true });
  mkdirSync(entryDir, { recursive: true });
  const entryPoints = [...imports].map(([spec, names], i) => {
    const file = join(entryDir, `entry-${i}.mjs`);
    const named = [...names].filter((n) => n !== '*');
    writeFileSync(file, names.has('*') ? `export * from '${spec}';\n${names.has('default') ? `export { default } from '${spec}';\n` : ''}` : `export { ${named.join(', ')} } from '${spec}';\n`);
    return { in: file, out: spec };
  });
  const result = buildSync({
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target,
    minify: true,
    mainFields: [...BUNDLING.mainFields],
    external: UNUSED_CREDENTIAL_PROVIDERS,
    alias: builtinAliases(),
    banner: { js: BUNDLING.banner },
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[hash]',
    metafile: true,
    logLevel: 'error',
  });
  writeFileSync(join(outdir, 'package.json'), JSON.stringify({ name: RUNTIME_PACKAGE, private: true, type: 'module', exports: { './*': './*.mjs' } }, null, 2) + '\n');
  const inLayer = (path: string) => path.slice(path.indexOf(RUNTIME_PACKAGE) + RUNTIME_PACKAGE.length + 1);
  const graph = Object.fromEntries(
    Object.entries(result.metafile.outputs)
      .filter(([path]) => path.endsWith('.mjs'))
      .map(([path, o]) => [inLayer(path), { bytes: o.bytes, imports: o.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => inLayer(i.path)) }]),
  );
  const files = Object.fromEntries(Object.entries(graph).map(([file, g]) => [file, g.bytes]));
  return { bytes: Object.values(files).reduce((a, b) => a + b, 0), files, graph };
}
