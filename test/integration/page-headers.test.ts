/**
 * The console and /demo carry a Content-Security-Policy without inline script, refuse framing, send no
 * Referer and forbid MIME sniffing; their HTML holds no inline script for that policy to block.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assetRoutes } from '../../src/server/routes/assets';
import { renderDemo } from '../../widgets/demo/render';

const dist = mkdtempSync(join(tmpdir(), 'cop-dist-'));
for (const [file, text] of <[string, string][]>[
  ['console/index.html', '<!doctype html><script type="module" src="./assets/main.js"></script>'],
  ['console/assets/main.js', 'export {};'],
  ['demo/index.html', '<!doctype html><script type="module" src="/demo/page.js"></script>'],
  ['demo/page.js', 'export {};'],
]) {
  mkdirSync(join(dist, file, '..'), { recursive: true });
  writeFileSync(join(dist, file), text);
}
afterAll(() => rmSync(dist, { recursive: true, force: true }));

/** Script elements with a body, and inline event handler attributes: what `script-src 'self'` blocks. */
function inlineScripts(html: string): string[] {
  const bodies = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attrs, body]) => !/\bsrc=/.test(attrs!) || body!.trim())
    .map(([all]) => all);
  const handlers = [...html.matchAll(/<[^>]+\son[a-z]+\s*=/gi)].map(([all]) => all);
  return [...bodies, ...handlers, ...(html.match(/javascript:/gi) ?? [])];
}

describe('page headers', () => {
  const app = assetRoutes(dist);
  for (const path of [
    '/console',
    '/console/assets/main.js',
    '/console/some/route',
    '/demo',
    '/demo/page.js',
  ])
    it(`${path} forbids inline script, framing, referrers and sniffing`, async () => {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      const scripts = directives.get('script-src') ?? directives.get('default-src') ?? [];
      expect(scripts).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

  it('the demo page and the console have no inline script to allow', () => {
    const root = join(import.meta.dirname, '..', '..');
    const demo = renderDemo(readFileSync(join(root, 'widgets/demo/index.html'), 'utf8'), {
      bundle: '/widgets/cop-widgets.js?v=1',
    });
    expect(inlineScripts(demo)).toEqual([]);
    expect(demo).toContain('<script type="module" src="/demo/page.js"></script>');
    expect(inlineScripts(readFileSync(join(root, 'src/console/index.html'), 'utf8'))).toEqual([]);
    const built = join(root, 'dist/console/index.html');
    try {
      expect(inlineScripts(readFileSync(built, 'utf8'))).toEqual([]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  });
});
