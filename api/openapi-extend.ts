/**
 * Gives zod schemas the `.openapi()` method api/schemas.ts annotates them with. Unbundled (tests,
 * the local stack, the build that generates the document) it is zod-to-openapi's own extension.
 * In a Lambda bundle (LOOPTIJD_BUNDLED, infra/bundling.ts) the OpenAPI document is prebuilt (api/openapi.ts), so
 * nothing reads the annotations: `.openapi()` answers the schema itself, and the extension's 6 KB
 * (and the rest of zod-to-openapi) stay out of the bundle.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';

if (process.env.LOOPTIJD_BUNDLED) {
  (z.ZodType.prototype as unknown as { openapi: () => unknown }).openapi = function (this: unknown) {
    return this;
  };
} else {
  // Only ZodType is patched; passing the whole namespace would keep all of zod (locales, JSON Schema) in every bundle.
  extendZodWithOpenApi({ ZodType: z.ZodType } as unknown as Parameters<typeof extendZodWithOpenApi>[0]);
}
