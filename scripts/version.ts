/**
 * The one version of CoP Kit: package.json's. Vite configs (extension, widgets, console) pass
 * `versionDefine()` as `define`, so `VERSION` from src/core/version is the same number everywhere.
 */
import { readFileSync } from 'node:fs';

const PACKAGE_JSON = new URL('../package.json', import.meta.url);

/** The `version` field of package.json. */
export function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string' || !version) throw new Error('package.json has no version');
  return version;
}

/** A Vite `define` that bakes the version into a bundle as `__COP_VERSION__`. */
export function versionDefine(): Record<string, string> {
  return { __COP_VERSION__: JSON.stringify(packageVersion()) };
}
