import { PT_VERSION } from '@aws-lambda-powertools/commons';
import { packedOpenApiDocument } from '../api/openapi.js';

/** How every function is bundled: shared by the CDK stack and the bundle bench (bench/bundles.ts), so the bench measures what deploys. */
export const BUNDLING = {
  /** Lambda's Node 22 runtime; local development runs Node 22 too (.nvmrc). */
  target: 'node22',
  mainFields: ['module', 'main'],
  /**
   * Powertools (Logger, Metrics, Tracer with the X-Ray SDK, Parameters, Batch) comes from AWS's own
   * Powertools layer at exactly the installed version (POWERTOOLS_VERSION). The AWS SDK v3 ships with Lambda's Node.js runtime: bundling it again costs ~400 KB minified per
   * function and cold-start time. The runtime's copy is recent; the code uses only long-stable APIs.
   */
  external: ['@aws-sdk/*', '@aws-lambda-powertools/*'],
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/**
 * Constants esbuild substitutes (`define`) in every bundle: the partner API's OpenAPI document,
 * generated here at build time from the zod schemas, so the runtime bundle carries the gzipped
 * document (≈ 6 KB) instead of its generator (api/openapi.ts). Only partner-api reads it.
 */
export function bundlingDefine(): Record<string, string> {
  return { 'process.env.LOOPTIJD_OPENAPI_GZ': JSON.stringify(packedOpenApiDocument()) };
}

/** CloudWatch namespace of the functions' Powertools metrics. */
export const METRICS_NAMESPACE = 'Looptijd';

/** The installed Powertools version: the stack adds AWS's Powertools layer of this exact version. */
export const POWERTOOLS_VERSION: string = PT_VERSION;

/** Public SSM parameter holding the ARN of AWS's Powertools for TypeScript layer of a version. */
export const powertoolsLayerParameter = (version: string = POWERTOOLS_VERSION): string => `/aws/service/powertools/typescript/generic/all/${version}`;
