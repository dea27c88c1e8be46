/**
 * What the Chrome Web Store and addons.mozilla.org check, on the packages `npm run build` and `npm run zip`
 * make: web-ext lint without errors, permissions exactly as docs/permissions.md lists them, data collection
 * as docs/privacy.md declares it, no eval or remote code, one version, and a sources package that rebuilds
 * the same Firefox extension.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { extractZip } from '../helpers/unzip';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const OUTPUT = join(ROOT, '.output');
const BUILDS = { chrome: join(OUTPUT, 'chrome-mv3'), firefox: join(OUTPUT, 'firefox-mv3') };
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const read = (path: string) => readFileSync(path, 'utf8');
const manifestOf = (dir: string) => JSON.parse(read(join(dir, 'manifest.json')));
const VERSION: string = JSON.parse(read(join(ROOT, 'package.json'))).version;

test.beforeAll(() => {
  for (const dir of Object.values(BUILDS)) {
    if (!existsSync(join(dir, 'manifest.json')))
      throw new Error(`No build at ${dir}: npm run build`);
  }
});

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split('\\').join('/'))
    .sort();
}

function run(command: string, args: string[], options: { cwd?: string; env?: object } = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return result;
}

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
}

/** `web-ext lint` on a directory or a .zip, as JSON; prints the warnings so a reviewer's view is in the log. */
function lint(target: string) {
  const result = run(bin('web-ext'), ['lint', '--source-dir', target, '--output', 'json']);
  const report = JSON.parse(result.stdout) as {
    summary: { errors: number; warnings: number; notices: number };
    errors: LintMessage[];
    warnings: LintMessage[];
  };
  for (const w of report.warnings) {
    console.log(`web-ext lint warning ${w.code} in ${w.file ?? '?'}: ${w.message}`);
  }
  return report;
}

test('the Firefox package passes web-ext lint with no errors', () => {
  const report = lint(BUILDS.firefox);
  expect(report.errors, JSON.stringify(report.errors, null, 2)).toEqual([]);
  expect(report.summary.errors).toBe(0);
  // The only warnings allowed are Preact's own innerHTML path (dangerouslySetInnerHTML, which
  // CoP Kit never uses: see the eval and remote code test). Anything new must be looked at.
  for (const w of report.warnings) expect(w.code).toBe('UNSAFE_VAR_ASSIGNMENT');
});

type Kind = 'permissions' | 'optional_host_permissions' | 'host_permissions';

/** The permissions table of docs/permissions.md: per browser, each manifest key's entries. */
function documentedPermissions(): Record<'chrome' | 'firefox', Record<Kind, string[]>> {
  const kinds: Record<string, Kind> = {
    API: 'permissions',
    'optional host': 'optional_host_permissions',
    host: 'host_permissions',
  };
  const empty = (): Record<Kind, string[]> => ({
    permissions: [],
    optional_host_permissions: [],
    host_permissions: [],
  });
  const doc = { chrome: empty(), firefox: empty() };
  const rows = read(join(ROOT, 'docs/permissions.md'))
    .split('\n')
    .filter((line) => /^\|\s*`/.test(line));
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const [name, kind, chrome, firefox, why, seen] = row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const key = kinds[kind ?? ''];
    expect(key, `unknown kind "${kind}" in: ${row}`).toBeDefined();
    expect(why, `no reason for ${name}`).toMatch(/\w{3}/);
    expect(seen, `no install text for ${name}`).toMatch(/\w{3}/);
    const permission = name!.replace(/^`|`$/g, '');
    if (chrome === 'yes') doc.chrome[key!].push(permission);
    if (firefox === 'yes') doc.firefox[key!].push(permission);
  }
  return doc;
}

test('each manifest asks for exactly the permissions docs/permissions.md explains', () => {
  const doc = documentedPermissions();
  for (const browser of ['chrome', 'firefox'] as const) {
    const manifest = manifestOf(BUILDS[browser]);
    for (const kind of ['permissions', 'optional_host_permissions', 'host_permissions'] as const) {
      const requested: string[] = [...(manifest[kind] ?? [])].sort();
      const documented = [...doc[browser][kind]].sort();
      const undocumented = requested.filter((p) => !documented.includes(p));
      expect(undocumented, `${browser} ${kind} missing from docs/permissions.md`).toEqual([]);
      // And the page promises nothing the package no longer asks for.
      expect(documented, `${browser} ${kind} in docs/permissions.md`).toEqual(requested);
    }
    expect(manifest.optional_permissions ?? []).toEqual([]);
    expect(manifest.content_security_policy).toBeUndefined();
  }
});

test('Firefox declares as data collection exactly the categories docs/privacy.md explains', () => {
  const gecko = manifestOf(BUILDS.firefox).browser_specific_settings.gecko;
  expect(gecko.id).toBe('cop-kit@cop-kit.org');
  expect(gecko.strict_min_version).toMatch(/^\d+\.\d+$/);
  const declared: string[] = [...gecko.data_collection_permissions.required].sort();
  // The privacy statement's table names each category in backticks in its first column.
  const explained = read(join(ROOT, 'docs/privacy.md'))
    .split('\n')
    .map((line) => /^\|\s*`(\w+)`/.exec(line)?.[1])
    .filter((category): category is string => !!category)
    .sort();
  expect(declared).toEqual(explained);
  expect(declared).not.toContain('none');
  expect(gecko.data_collection_permissions.optional ?? []).toEqual([]);
});

test('no eval, no Function constructor and no remote code in any built file', () => {
  const forbidden: [string, RegExp][] = [
    ['eval', /(?<![\w$.])eval\s*\(/],
    ['new Function', /\bnew\s+Function\s*\(/],
    ['Function()', /(?<![\w$.])Function\s*\(/],
    ['string timer', /\bset(?:Timeout|Interval)\s*\(\s*["'`]/],
    ['importScripts', /\bimportScripts\s*\(/],
    ['remote import', /\bimport\s*\(\s*["'`](?:https?:)?\/\//],
  ];
  for (const dir of Object.values(BUILDS)) {
    const files = filesUnder(dir);
    expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(3);
    for (const file of files) {
      const text = read(join(dir, file));
      if (file.endsWith('.js')) {
        for (const [what, pattern] of forbidden) {
          expect(pattern.test(text), `${what} in ${relative(ROOT, join(dir, file))}`).toBe(false);
        }
      }
      if (file.endsWith('.html')) {
        // Pages load only their own files: no http(s) or protocol-relative src/href.
        expect(text, `remote resource in ${file}`).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
      }
    }
  }
  // Preact's innerHTML path (the lint warnings) is only reached through dangerouslySetInnerHTML.
  const sources = ['entrypoints', 'src/extension', 'src/ui', 'src/client', 'src/core'].flatMap(
    (dir) => filesUnder(join(ROOT, dir)).map((f) => join(dir, f)),
  );
  for (const file of sources) {
    if (!/\.tsx?$/.test(file) || /\.test\.tsx?$|testing\.tsx?$/.test(file)) continue;
    expect(read(join(ROOT, file)), file).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML\s*=/);
  }
});

test('one version: package.json, both manifests, the bundles and the changelog', () => {
  expect(VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  for (const dir of Object.values(BUILDS)) {
    expect(manifestOf(dir).version).toBe(VERSION);
    for (const file of filesUnder(dir).filter((f) => f.endsWith('.js'))) {
      expect(read(join(dir, file)), `${file} kept the placeholder`).not.toContain(
        '__COP_VERSION__',
      );
    }
  }
  const options = filesUnder(BUILDS.chrome).find((f) => /^chunks\/options-.*\.js$/.test(f));
  expect(read(join(BUILDS.chrome, options!))).toContain(`"${VERSION}"`);
  // The widget bundle says which version it is (`import(…).version`), for support on a host page.
  const widgets = read(join(ROOT, 'dist', 'widgets', 'cop-widgets.js'));
  expect(widgets).toContain(`"${VERSION}"`);
  expect(widgets).not.toContain('__COP_VERSION__');
  expect(read(join(ROOT, 'CHANGELOG.md'))).toMatch(
    new RegExp(`^## \\[${VERSION.replaceAll('.', '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
  );
});

test('no zod in code that runs on host pages: widget files and content scripts', () => {
  const widgets = join(ROOT, 'dist', 'widgets');
  const hostPageCode = [
    ...filesUnder(widgets).map((f) => join(widgets, f)),
    ...filesUnder(join(BUILDS.chrome, 'content-scripts')).map((f) =>
      join(BUILDS.chrome, 'content-scripts', f),
    ),
  ].filter((f) => f.endsWith('.js'));
  expect(hostPageCode.length).toBeGreaterThan(2);
  for (const file of hostPageCode) {
    expect(read(file), relative(ROOT, file)).not.toMatch(/ZodError|\bzod\b/i);
  }
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString('latin1'), `${path} is no PNG`).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('icons at every size and listing images at the stores’ sizes', () => {
  for (const dir of Object.values(BUILDS)) {
    const icons: Record<string, string> = manifestOf(dir).icons;
    expect(Object.keys(icons).sort((a, b) => Number(a) - Number(b))).toEqual([
      '16',
      '32',
      '48',
      '96',
      '128',
    ]);
    for (const [size, file] of Object.entries(icons)) {
      expect(pngSize(join(dir, file))).toEqual({ width: Number(size), height: Number(size) });
    }
  }
  // Made by `npm run screenshots` from the real extension (scripts/store-assets.spec.ts).
  for (const name of ['capture', 'ask', 'experts', 'side-panel']) {
    expect(pngSize(join(ROOT, 'store-assets', `${name}.png`))).toEqual({
      width: 1280,
      height: 800,
    });
  }
  expect(pngSize(join(ROOT, 'store-assets/promo-440x280.png'))).toEqual({
    width: 440,
    height: 280,
  });
});

test('npm run zip: a Chrome and a Firefox package, and Firefox sources that rebuild the same add-on', () => {
  test.setTimeout(240_000);
  const scratch = mkdtempSync(join(tmpdir(), 'cop-zip-'));
  try {
    const out = join(scratch, 'out');
    // COP_OUTPUT_DIR keeps this run's builds and zips out of `.output`, which other tests read.
    const zip = run('npm', ['run', 'zip', '--silent'], { env: { COP_OUTPUT_DIR: out } });
    expect(zip.status, zip.stdout + zip.stderr).toBe(0);
    const zips = readdirSync(out)
      .filter((f) => f.endsWith('.zip'))
      .sort();
    expect(zips).toEqual([
      `cop-kit-${VERSION}-chrome.zip`,
      `cop-kit-${VERSION}-firefox.zip`,
      `cop-kit-${VERSION}-sources.zip`,
    ]);

    // The package a person uploads to AMO lints as clean as the build.
    const report = lint(join(out, `cop-kit-${VERSION}-firefox.zip`));
    expect(report.errors).toEqual([]);

    const unzip = (file: string, into: string) => extractZip(join(out, file), into);
    const chrome = unzip(`cop-kit-${VERSION}-chrome.zip`, join(scratch, 'chrome'));
    expect(manifestOf(chrome).manifest_version).toBe(3);
    expect(filesUnder(chrome)).toEqual(filesUnder(BUILDS.chrome));

    const sources = unzip(`cop-kit-${VERSION}-sources.zip`, join(scratch, 'sources'));
    const listed = filesUnder(sources);
    expect(listed).toContain('SOURCE_CODE_REVIEW.md');
    expect(listed).toContain('package-lock.json');
    expect(read(join(sources, 'SOURCE_CODE_REVIEW.md'))).toContain('npm ci');
    // Only what builds the extension: no store, no tests, no data, no secrets.
    expect(
      listed.filter((f) => /^(src\/server|src\/console|widgets|test|data|bench)\//.test(f)),
    ).toEqual([]);
    expect(listed.filter((f) => /\.test\.tsx?$|(^|\/)\.env/.test(f))).toEqual([]);

    // A reviewer's build from those sources (dependencies as `npm ci` installs them) gives the
    // same files, byte for byte, as the package.
    symlinkSync(join(ROOT, 'node_modules'), join(sources, 'node_modules'), 'dir');
    const rebuilt = join(scratch, 'rebuilt');
    const build = run(bin('wxt'), ['build', '-b', 'firefox'], {
      cwd: sources,
      env: { COP_OUTPUT_DIR: rebuilt },
    });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const packaged = unzip(`cop-kit-${VERSION}-firefox.zip`, join(scratch, 'firefox'));
    const rebuiltDir = join(rebuilt, 'firefox-mv3');
    expect(filesUnder(rebuiltDir)).toEqual(filesUnder(packaged));
    for (const file of filesUnder(packaged)) {
      expect(
        readFileSync(join(rebuiltDir, file)).equals(readFileSync(join(packaged, file))),
        `${file} differs when rebuilt from the sources package`,
      ).toBe(true);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
