/**
 * `npm run build`: the extension for Chrome and Firefox (plus the end-to-end test build), the widgets and the
 * console. `--web` builds only what the store serves (widgets, demo page, console); with `--if-missing` it
 * does nothing when they are already built, so `npm start` on a fresh clone serves them at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const webOnly = args.has('--web');

function step(
  label: string,
  command: string,
  commandArgs: string[],
  env: Record<string, string> = {},
) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, commandArgs, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    console.error(`✗ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

const wxt = 'node_modules/.bin/wxt';
const vite = 'node_modules/.bin/vite';
const web = [
  {
    label: 'widgets and demo page',
    // The Custom Elements Manifest first: the widgets' build ships it beside the bundle.
    before: ['custom elements manifest', 'node_modules/.bin/cem', ['analyze', '--quiet']] as const,
    config: 'widgets/vite.config.ts',
    output: 'dist/widgets/cop-widgets.js',
  },
  { label: 'console', config: 'src/console/vite.config.ts', output: 'dist/console/index.html' },
];

if (!webOnly) {
  step('extension for Chrome', wxt, ['build']);
  step('extension for Firefox', wxt, ['build', '-b', 'firefox']);
  // The end-to-end build declares the loopback origins as host permissions, because headless Chromium
  // cannot answer a permission request; the store builds above stay minimal.
  step('extension for end-to-end tests', wxt, ['build'], {
    COP_E2E_HOSTS: 'http://127.0.0.1/*,http://localhost/*',
  });
}
for (const { label, config, output, before } of web) {
  if (!existsSync(config)) continue;
  if (args.has('--if-missing') && existsSync(output)) continue;
  if (before) step(before[0], before[1], [...before[2]]);
  step(label, vite, ['build', '--config', config]);
}
