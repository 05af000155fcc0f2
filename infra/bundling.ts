import { packedOpenApiDocument } from '../api/openapi.js';

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
