/** Built front-end assets: the widget bundle, the coordinators' console and the demo intranet page. */
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { compress } from 'hono/compress';

const DIST = resolve(fileURLToPath(new URL('../../../dist', import.meta.url)));
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

function sendFile(
  file: string,
  cache: string,
  extra: Record<string, string> = {},
): Response | null {
  if (!existsSync(file)) return null;
  const type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
  // Headers go in at construction: @hono/node-server may ignore ones set on the response later.
  return new Response(readFileSync(file), {
    headers: { 'Content-Type': type, 'Cache-Control': cache, ...extra },
  });
}

const missing = (what: string) =>
  new Response(`${what} is not built yet. Run "npm run build" and restart the store.`, {
    status: 503,
    headers: { 'Content-Type': 'text/plain' },
  });

export function assetRoutes() {
  const app = new Hono();
  // The widget bundle travels to every intranet page that embeds it: compressed, it is about a third.
  app.use('/widgets/*', compress());
  app.use('/console/*', compress());
  // The unversioned URL revalidates; a versioned URL (?v=…) may be cached for a year.
  app.get('/widgets/:file{.+}', (c) => {
    const file = normalize(join(DIST, 'widgets', c.req.param('file')));
    if (!file.startsWith(join(DIST, 'widgets'))) return c.notFound();
    const cache = c.req.query('v')
      ? 'public, max-age=31536000, immutable'
      : 'public, max-age=300, must-revalidate';
    // Module scripts load in CORS mode: any intranet page may load the bundle.
    const response = sendFile(file, cache, { 'Access-Control-Allow-Origin': '*' });
    return response ?? missing('The widget bundle');
  });
  app.get(
    '/console',
    () => sendFile(join(DIST, 'console', 'index.html'), 'no-cache') ?? missing('The console'),
  );
  app.get('/console/*', (c) => {
    // `/console/` is the console itself (a directory is no file to send).
    const rest = c.req.path.slice('/console/'.length) || 'index.html';
    const file = normalize(join(DIST, 'console', rest));
    if (!file.startsWith(join(DIST, 'console'))) return c.notFound();
    return (
      sendFile(file, 'public, max-age=300') ??
      sendFile(join(DIST, 'console', 'index.html'), 'no-cache') ??
      missing('The console')
    );
  });
  app.get(
    '/demo',
    () => sendFile(join(DIST, 'demo', 'index.html'), 'no-cache') ?? missing('The demo page'),
  );
  app.get('/', (c) => c.redirect('/demo'));
  return app;
}
