/**
 * `npm run screenshots`: the store listing images, made by driving the built extension in Chromium
 * (scripts/store-assets.spec.ts). Not part of `npm test`.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'store-assets.spec.ts',
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../test-results/store-assets',
});
