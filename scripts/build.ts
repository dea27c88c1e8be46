/** `npm run build`: the extension for Chrome and Firefox (plus the end-to-end test build), the widgets and the console. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function step(label: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✗ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

const wxt = 'node_modules/.bin/wxt';
const vite = 'node_modules/.bin/vite';
step('extension for Chrome', wxt, ['build']);
step('extension for Firefox', wxt, ['build', '-b', 'firefox']);
// The end-to-end build declares the loopback origins as host permissions, because headless Chromium
// cannot answer a permission request; the store builds above stay minimal.
step('extension for end-to-end tests', wxt, ['build'], {
  COP_E2E_HOSTS: 'http://127.0.0.1/*,http://localhost/*',
});
if (existsSync('widgets/vite.config.ts'))
  step('widgets', vite, ['build', '--config', 'widgets/vite.config.ts']);
if (existsSync('src/console/vite.config.ts'))
  step('console', vite, ['build', '--config', 'src/console/vite.config.ts']);
