/**
 * The Chromium that end-to-end tests, benchmarks and scripts drive: the system's (`COP_CHROMIUM` to name
 * another), with the flags that let it run headless in a container without reaching out on its own.
 */
import { chromium } from '@playwright/test';

export const CHROMIUM = process.env.COP_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Headless Chromium with those flags, for pages without the extension. */
export const launchChromium = () =>
  chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
