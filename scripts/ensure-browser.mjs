// Runs before `npm test`: end-to-end tests need Chromium. Use the system's (Debian's chromium) when present,
// otherwise let Playwright download its own, so a new user needs no extra command.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [
  process.env.COP_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].filter(Boolean);
const found = candidates.find((path) => existsSync(path));
if (found) {
  console.log(`Using Chromium at ${found}`);
} else {
  console.log('No system Chromium found; installing Playwright’s Chromium…');
  execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
}
