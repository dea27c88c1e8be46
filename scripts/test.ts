/**
 * `npm test`: lint, type check, unit and integration tests (vitest), the build, and the end-to-end tests
 * (Playwright), ending with one line that totals every suite: `N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Outcome {
  suite: string;
  passed: number;
  failed: number;
}

const results: Outcome[] = [];
const reports = mkdtempSync(join(tmpdir(), 'cop-test-'));
const only = process.argv.slice(2);
const wanted = (suite: string) => only.length === 0 || only.includes(suite);

function run(command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n▶ ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: false,
  });
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s, exit ${result.status})`);
  return result.status === 0;
}

/** A step that is one check: it passes or fails as a whole. */
function check(suite: string, command: string, args: string[], env?: Record<string, string>) {
  const ok = run(command, args, env);
  results.push({ suite, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  return ok;
}

const bin = (name: string) => join('node_modules', '.bin', name);

if (wanted('lint')) check('lint (biome)', bin('biome'), ['check', '.']);
// Browser code never imports the store; src/core imports only itself (scripts/boundaries.ts).
if (wanted('boundaries'))
  check('import boundaries', process.execPath, ['--import', 'tsx', 'scripts/boundaries.ts']);
if (wanted('types')) {
  // The extension's generated types (i18n message names among them) follow public/: refresh them first.
  run(bin('wxt'), ['prepare']);
  check('type check (tsc)', bin('tsc'), ['--noEmit', '-p', '.']);
}

// The build comes before the tests: integration tests fetch the built widget bundle, end-to-end tests load all of it.
const built =
  wanted('unit') || wanted('e2e')
    ? check('build (extension, widgets, console)', 'npm', ['run', 'build', '--silent'])
    : true;

if (wanted('unit')) {
  const out = join(reports, 'vitest.json');
  const ok = run(bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const failed = report.numFailedTests + (ok || report.numFailedTests ? 0 : 1);
    results.push({ suite: 'unit and integration (vitest)', passed: report.numPassedTests, failed });
  } else {
    results.push({ suite: 'unit and integration (vitest)', passed: 0, failed: 1 });
  }
}

const hasSpecs =
  existsSync('test/e2e') && readdirSync('test/e2e').some((f) => f.endsWith('.spec.ts'));
if (wanted('e2e') && hasSpecs) {
  const out = join(reports, 'playwright.json');
  if (built) {
    const ok = run(bin('playwright'), ['test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: out,
    });
    if (existsSync(out)) {
      const { stats } = JSON.parse(readFileSync(out, 'utf8'));
      const failed = stats.unexpected + (ok || stats.unexpected ? 0 : 1);
      results.push({
        suite: 'end-to-end (Playwright, Chromium)',
        passed: stats.expected + stats.flaky,
        failed,
      });
    } else {
      results.push({ suite: 'end-to-end (Playwright, Chromium)', passed: 0, failed: 1 });
    }
  }
}

console.log('\nSummary');
for (const r of results)
  console.log(`  ${r.failed ? '✗' : '✓'} ${r.suite}: ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
