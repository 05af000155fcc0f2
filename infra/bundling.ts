import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packedOpenApiDocument } from '../api/openapi.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** How every function is bundled: shared by the CDK stack and the bundle bench (bench/bundles.ts), so the bench measures what deploys. */
export const BUNDLING = {
  /** Lambda's Node 22 runtime; local development runs Node 22 too (.nvmrc). */
  target: 'node22',
  mainFields: ['module', 'main'],
  /**
   * The AWS SDK clients and Powertools come from the stack's runtime layer (infra/runtime-layer.ts:
   * tree-shaken and minified into a few files, at exactly the installed versions), imported as
   * `looptijd-runtime/<package>` (RUNTIME aliases); the bundles leave them out.
   */
  external: ['looptijd-runtime', 'looptijd-runtime/*'],
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/**
 * Constants esbuild substitutes (`define`) in every bundle: the partner API's OpenAPI document,
 * generated here at build time from the zod schemas, so the runtime bundle carries the gzipped
 * document (≈ 6 KB) instead of its generator (api/openapi.ts). Only partner-api reads it.
 */
export function bundlingDefine(): Record<string, string> {
  return { 'process.env.LOOPTIJD_OPENAPI_GZ': JSON.stringify(packedOpenApiDocument()), 'process.env.LOOPTIJD_BUNDLED': JSON.stringify('1') };
}

/** CloudWatch namespace of the functions' Powertools metrics. */
export const METRICS_NAMESPACE = 'Looptijd';

/**
 * Node's built-in modules as the bundles load them: through `process.getBuiltinModule` (the
 * require path) instead of an ESM `import … from 'node:http'`. Importing a built-in as ESM builds a
 * facade that reads every export, getters included, and `http`'s getters (WebSocket, CloseEvent,
 * MessageEvent) load all of undici with http2 and TLS: ~65 ms of CPU per cold start for `node:http`
 * alone, against ~7 ms through require (`npm run bench -- bundles`). `process` (its stdio getters)
 * and `fs` cost the same way, less.
 *
 * Each shim exports the module as default and its plain data properties by name, each read in a
 * pure call (`/* @__PURE__ *\/ (() => m.request)()`) so esbuild keeps only the names a bundle
 * imports. Getters are exported by name only where listed in BUILTIN_GETTERS: a namespace import
 * (`import * as crypto`) keeps every export, and would read them all. A bundle importing any other
 * getter by name fails to build ("No matching export"): a new one is a deliberate choice, never a
 * silent cost.
 */
export const BUILTIN_GETTERS: Readonly<Record<string, readonly string[]>> = {
  async_hooks: ['AsyncLocalStorage'],
  net: ['BlockList'],
  crypto: ['getRandomValues'],
  fs: ['ReadStream'],
};

/** Built-ins a shim never stands in for: the banner's own `module`, and those whose load warns. */
const NOT_SHIMMED = new Set(['module', 'punycode', 'sys', 'wasi', 'test']);

let written: Readonly<Record<string, string>> | undefined;

/**
 * Writes one shim per built-in under node_modules/.cache/looptijd-builtins (once per process) and
 * answers the esbuild `alias` map (`http` and `node:http` → its shim). Synchronous: the stack's
 * local bundling calls it.
 */
export function builtinAliases(): Readonly<Record<string, string>> {
  written ??= writeBuiltinShims();
  return written;
}

function writeBuiltinShims(): Record<string, string> {
  const dir = join(REPO_ROOT, 'node_modules', '.cache', 'looptijd-builtins');
  mkdirSync(dir, { recursive: true });
  const aliases: Record<string, string> = {};
  for (const name of builtinModules) {
    if (name.startsWith('_') || NOT_SHIMMED.has(name)) continue;
    const module = process.getBuiltinModule(`node:${name}`) as Record<string, unknown>;
    const getters = new Set(BUILTIN_GETTERS[name] ?? []);
    const names = Object.entries(Object.getOwnPropertyDescriptors(module))
      .filter(([key, d]) => /^[A-Za-z$][\w$]*$/.test(key) && key !== 'default' && ('value' in d || getters.has(key)))
      .map(([key]) => key);
    const file = join(dir, `${name.replaceAll('/', '__')}.mjs`);
    const text =
      `// ${name} through the require path (infra/bundling.ts builtinAliases), not an ESM facade.\n` +
      `const m = process.getBuiltinModule(${JSON.stringify(`node:${name}`)});\n` +
      `export default m;\n` +
      names.map((key) => `export const ${key} = /* @__PURE__ */ (() => m.${key})();\n`).join('');
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
    aliases[name] = file;
    aliases[`node:${name}`] = file;
  }
  return aliases;
}
