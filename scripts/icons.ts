/**
 * `npm run icons`: renders store-assets/icon.svg in Chromium at every size the manifests and stores use
 * (16, 32, 48, 96, 128) into public/icon/, so all icons come from one source and no image tool is needed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SOURCE = join(ROOT, 'store-assets/icon.svg');
const OUT = join(ROOT, 'public/icon');
export const ICON_SIZES = [16, 32, 48, 96, 128] as const;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const svg = readFileSync(SOURCE, 'utf8');
const browser = await chromium.launch({
  headless: true,
  executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  mkdirSync(OUT, { recursive: true });
  for (const size of ICON_SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    const png = await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    writeFileSync(join(OUT, `${size}.png`), png);
    console.log(`public/icon/${size}.png (${png.length} bytes)`);
    await page.close();
  }
} finally {
  await browser.close();
}
