/**
 * End-to-end tests: the built extension in a real Chromium against a real store on loopback.
 * `npm test` builds first; the reporter comes from the command line (`--reporter=json`) or the default.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // One browser profile and one store per file at a time: the tests share a machine's loopback.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: { trace: 'retain-on-failure', actionTimeout: 15_000 },
});
