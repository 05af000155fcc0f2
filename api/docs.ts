/**
 * The documentation page at /docs: Scalar's API reference (the `@scalar/api-reference`
 * standalone bundle, served from node_modules — no CDN) rendering /v1/openapi.json.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { json, type Response } from './http.js';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Looptijd partner API</title>
</head>
<body>
  <div id="app"></div>
  <script src="/docs/scalar.js"></script>
  <script>
    Scalar.createApiReference('#app', {
      url: '/v1/openapi.json',
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
      agent: { disabled: true },
      hideDarkModeToggle: false,
    });
  </script>
</body>
</html>`;

export function docsPage(): Response {
  return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }, body: PAGE };
}

let bundle: Promise<string | null> | undefined;

/** From node_modules locally; in Lambda from /opt/scalar.js, the layer infra/stack.ts gives partner-api. */
function loadBundle(): Promise<string | null> {
  bundle ??= (async () => {
    const req = createRequire(import.meta.url);
    const candidates = [
      () => req.resolve('@scalar/api-reference/browser/standalone.js'),
      () => req.resolve('@scalar/api-reference/package.json').replace(/package\.json$/, 'dist/browser/standalone.js'),
      () => fileURLToPath(new URL('./scalar.js', import.meta.url)),
      // In Lambda: the partner-api's layer (infra/stack.ts), kept out of the function's bundle.
      () => '/opt/scalar.js',
    ];
    for (const candidate of candidates) {
      try {
        return await readFile(candidate(), 'utf8');
      } catch {
        // not here: try the next place
      }
    }
    return null;
  })();
  return bundle;
}

export async function docsAsset(name: string): Promise<Response> {
  if (name !== 'scalar.js') return json(404, { error: { code: 'not_found', message: `no asset ${name}`, details: null } });
  const js = await loadBundle();
  if (js === null) return json(404, { error: { code: 'not_found', message: 'the documentation bundle is not installed here (@scalar/api-reference)', details: null } });
  return { statusCode: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }, body: js };
}
