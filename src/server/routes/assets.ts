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

/**
 * Headers for the pages the store renders itself (the console and /demo): scripts only from files the
 * store serves (no inline script, so an injected <script> does not run), no framing (clickjacking), no
 * Referer leaving the page (console URLs name communities), no MIME sniffing. Styles may be inline: the
 * widgets' theming example and Preact's style props use them, and a style cannot read a token.
 */
const pageSecurity = (frameAncestors: string) => ({
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; '),
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
});
export const CONSOLE_HEADERS = pageSecurity("'none'");
export const DEMO_HEADERS = pageSecurity("'none'");

const missing = (what: string) =>
  new Response(`${what} is not built yet. Run "npm run build" and restart the store.`, {
    status: 503,
    headers: { 'Content-Type': 'text/plain' },
  });

/** `dist`: where the built front ends are (tests hand in a directory of their own). */
export function assetRoutes(dist = DIST) {
  const app = new Hono();
  // The widget bundle travels to every intranet page that embeds it: compressed, it is about a third.
  app.use('/widgets/*', compress());
  app.use('/console/*', compress());
  // The unversioned URL revalidates; a versioned URL (?v=…) may be cached for a year.
  app.get('/widgets/:file{.+}', (c) => {
    const file = normalize(join(dist, 'widgets', c.req.param('file')));
    if (!file.startsWith(join(dist, 'widgets'))) return c.notFound();
    const cache = c.req.query('v')
      ? 'public, max-age=31536000, immutable'
      : 'public, max-age=300, must-revalidate';
    // Module scripts load in CORS mode: any intranet page may load the bundle.
    const response = sendFile(file, cache, { 'Access-Control-Allow-Origin': '*' });
    return response ?? missing('The widget bundle');
  });
  const page = join(dist, 'console', 'index.html');
  app.get('/console', () => sendFile(page, 'no-cache', CONSOLE_HEADERS) ?? missing('The console'));
  app.get('/console/*', (c) => {
    // `/console/` is the console itself (a directory is no file to send).
    const rest = c.req.path.slice('/console/'.length) || 'index.html';
    const file = normalize(join(dist, 'console', rest));
    if (!file.startsWith(join(dist, 'console'))) return c.notFound();
    return (
      sendFile(file, 'public, max-age=300', CONSOLE_HEADERS) ??
      sendFile(page, 'no-cache', CONSOLE_HEADERS) ??
      missing('The console')
    );
  });
  app.get(
    '/demo',
    () =>
      sendFile(join(dist, 'demo', 'index.html'), 'no-cache', DEMO_HEADERS) ??
      missing('The demo page'),
  );
  app.get(
    '/demo/page.js',
    () =>
      sendFile(join(dist, 'demo', 'page.js'), 'no-cache', DEMO_HEADERS) ?? missing('The demo page'),
  );
  app.get('/', (c) => c.redirect('/demo'));
  return app;
}
