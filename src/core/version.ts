/**
 * The CoP Kit version (package.json's), shared by the extension, the widgets, the console and the
 * store. Bundles get it from Vite's `define` (scripts/version.ts); Node code run by npm falls back to
 * `npm_package_version`.
 */
declare const __COP_VERSION__: string | undefined;

function resolveVersion(): string {
  if (typeof __COP_VERSION__ === 'string') return __COP_VERSION__;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.npm_package_version ?? '0.0.0-dev';
}

/** The version number of this build, e.g. `0.1.0`. */
export const VERSION: string = resolveVersion();
