/**
 * The import rules between layers, checked from the source text (TypeScript's own import scanner, so
 * type-only and dynamic imports count too). `npm test` runs it as a suite: `node --import tsx
 * scripts/boundaries.ts` prints each violation and exits 1 when there is one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The layers that run in a browser: none of them may reach into the store's code. */
export const BROWSER_LAYERS = [
  'src/console',
  'src/client',
  'src/ui',
  'src/extension',
  'widgets',
  'entrypoints',
];
/** Packages `src/core` may use: pure code that runs in every bundle (tests may also use their runners). */
export const CORE_PACKAGES = ['zod'];
const CORE_TEST_PACKAGES = ['vitest', 'fast-check'];
/**
 * The store's domain throws domain errors and leaves status codes to the HTTP layer; of src/server/http
 * it may use only these helpers, which are not about answering requests.
 */
export const DOMAIN_HTTP_ALLOWED = ['src/server/http/outbound', 'src/server/http/html'];

export interface SourceFile {
  /** Path from the repository root, with `/` separators. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** The imports of one file as written: static, type-only, re-exports and `import()`. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Every import in `files` that breaks a layer rule. */
export function findViolations(files: SourceFile[]): Violation[] {
  const found: Violation[] = [];
  for (const file of files) {
    for (const specifier of importsOf(file.text)) {
      const target = specifier.startsWith('.')
        ? normalize(join(dirname(file.path), specifier))
            .split(sep)
            .join('/')
        : null;
      if (BROWSER_LAYERS.some((layer) => inside(file.path, layer))) {
        if (target && inside(target, 'src/server'))
          found.push({ file: file.path, specifier, rule: 'browser code never imports src/server' });
      }
      if (inside(file.path, 'src/server/domain') && target && inside(target, 'src/server/http')) {
        if (!DOMAIN_HTTP_ALLOWED.includes(target.replace(/\.(ts|js)$/, '')))
          found.push({
            file: file.path,
            specifier,
            rule: 'src/server/domain throws domain errors (domain/errors.ts), never HTTP ones',
          });
      }
      if (inside(file.path, 'src/core')) {
        const isTest = /\.test\.tsx?$/.test(file.path);
        const allowed = isTest ? [...CORE_PACKAGES, ...CORE_TEST_PACKAGES] : CORE_PACKAGES;
        const ok = target
          ? inside(target, 'src/core')
          : allowed.some((name) => specifier === name || specifier.startsWith(`${name}/`));
        if (!ok)
          found.push({
            file: file.path,
            specifier,
            rule: `src/core imports only src/core and ${CORE_PACKAGES.join(', ')}`,
          });
      }
    }
  }
  return found;
}

/** The TypeScript sources under the checked folders of `root`. */
export function readSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts)$/.test(name))
        files.push({
          path: relative(root, full).split(sep).join('/'),
          text: readFileSync(full, 'utf8'),
        });
    }
  };
  for (const folder of [...BROWSER_LAYERS, 'src/core', 'src/server/domain'])
    walk(join(root, folder));
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const files = readSources(root);
  const violations = findViolations(files);
  for (const v of violations) console.error(`✗ ${v.file} imports '${v.specifier}': ${v.rule}`);
  console.log(
    violations.length
      ? `${violations.length} import boundary violations in ${files.length} files`
      : `import boundaries hold in ${files.length} files`,
  );
  process.exit(violations.length ? 1 : 0);
}
