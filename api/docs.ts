/**
 * The documentation page at /docs: Scalar's API reference (the `@scalar/api-reference`
 * standalone bundle, served from node_modules — no CDN) rendering /v1/openapi.json.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
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

function loadBundle(): Promise<string | null> {
  bundle ??= (async () => {
    try {
      const file = createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');
      return await readFile(file, 'utf8');
    } catch {
      try {
        const pkg = createRequire(import.meta.url).resolve('@scalar/api-reference/package.json');
        return await readFile(pkg.replace(/package\.json$/, 'dist/browser/standalone.js'), 'utf8');
      } catch {
        return null;
      }
    }
  })();
  return bundle;
}

export async function docsAsset(name: string): Promise<Response> {
  if (name !== 'scalar.js') return json(404, { error: { code: 'not_found', message: `no asset ${name}`, details: null } });
  const js = await loadBundle();
  if (js === null) return json(404, { error: { code: 'not_found', message: 'the documentation bundle is not installed here (@scalar/api-reference)', details: null } });
  return { statusCode: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }, body: js };
}
