/** Headless Chromium for the browser benchmarks (the system's, with the project's flags), and page bundling. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium } from '@playwright/test';
import { build, type Plugin } from 'esbuild';
import { CHROMIUM_ARGS } from '../../test/helpers/chromium';
import { ROOT } from '../fixtures/dataset';

export function chromiumPath(): string | null {
  const found = [process.env.COP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => p && existsSync(p),
  );
  return found ?? null;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('No Chromium found (set COP_CHROMIUM).');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** A browser with a profile on disk (IndexedDB on disk, as for a real person). */
export async function launchPersistent(
  userDataDir: string,
  args: string[] = [],
): Promise<BrowserContext> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('No Chromium found (set COP_CHROMIUM).');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
  });
}

/** A persistent context with an unpacked extension loaded (headless Chromium supports extensions). */
export async function launchWithExtension(
  extensionDir: string,
  userDataDir: string,
): Promise<BrowserContext> {
  return launchPersistent(userDataDir, [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
  ]);
}

function substitutions(): Plugin[] {
  const pairs = (process.env.COP_BENCH_SUBSTITUTE ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=').map((p) => resolve(ROOT, p)) as [string, string]);
  if (!pairs.length) return [];
  return [
    {
      name: 'substitute',
      setup(b) {
        b.onLoad({ filter: /\.tsx?$/ }, (args) => {
          const hit = pairs.find(([from]) => args.path === from);
          return hit
            ? { contents: readFileSync(hit[1], 'utf8'), loader: 'ts', resolveDir: dirname(hit[1]) }
            : undefined;
        });
      },
    },
  ];
}

/** Bundles a browser entry (TypeScript, Preact JSX) into one minified ES module. */
export async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: !process.env.COP_BENCH_NO_MINIFY,
    write: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
    // For trying a client change without touching src/: COP_BENCH_SUBSTITUTE=src/client/db.ts=path/to/copy.ts
    plugins: substitutions(),
  });
  return result.outputFiles[0]!.text;
}
