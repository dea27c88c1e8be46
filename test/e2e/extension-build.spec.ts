/**
 * What the builds promise before any page loads: a first-load script of at most 5 KB gzipped,
 * no static content script, no host access in the store builds, and both browsers from one source.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { EXTENSION_DIR } from '../helpers/extension';

const OUTPUT = resolve(fileURLToPath(new URL('../../.output', import.meta.url)));
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

test('the first-load content script is at most 5 KB gzipped (the rest loads on first use)', () => {
  const script = readFileSync(join(EXTENSION_DIR, 'content-scripts/page.js'));
  expect(gzipSync(script, { level: 9 }).length).toBeLessThanOrEqual(5 * 1024);
});

test('the e2e build pre-declares only the loopback origins, and no content script for any site', () => {
  const manifest = manifestOf(EXTENSION_DIR);
  expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
});

test('the store builds ask for no host access up front, for Chrome and Firefox', () => {
  const chrome = join(OUTPUT, 'chrome-mv3');
  const firefox = join(OUTPUT, 'firefox-mv3');
  test.skip(!existsSync(chrome) || !existsSync(firefox), 'run `npm run build` first');
  for (const dir of [chrome, firefox]) {
    const manifest = manifestOf(dir);
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.content_scripts ?? []).toEqual([]);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(manifest.default_locale).toBe('en');
  }
  expect(manifestOf(chrome).side_panel.default_path).toBe('sidepanel.html');
  expect(manifestOf(chrome).storage.managed_schema).toBe('managed-schema.json');
  const gecko = manifestOf(firefox).browser_specific_settings.gecko;
  expect(gecko.id).toBe('cop-kit@cop-kit.org');
  expect(Number.parseFloat(gecko.strict_min_version)).toBeGreaterThanOrEqual(128);
  expect(gecko.data_collection_permissions.required.length).toBeGreaterThan(0);
  expect(manifestOf(firefox).sidebar_action.default_panel).toBe('sidepanel.html');
  for (const locale of ['en', 'de']) {
    expect(existsSync(join(chrome, `_locales/${locale}/messages.json`))).toBe(true);
  }
});
