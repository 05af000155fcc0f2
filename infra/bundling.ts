import { PT_VERSION } from '@aws-lambda-powertools/commons';

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

/** CloudWatch namespace of the functions' Powertools metrics. */
export const METRICS_NAMESPACE = 'Looptijd';

/** The installed Powertools version: the stack adds AWS's Powertools layer of this exact version. */
export const POWERTOOLS_VERSION: string = PT_VERSION;

/** Public SSM parameter holding the ARN of AWS's Powertools for TypeScript layer of a version. */
export const powertoolsLayerParameter = (version: string = POWERTOOLS_VERSION): string => `/aws/service/powertools/typescript/generic/all/${version}`;
