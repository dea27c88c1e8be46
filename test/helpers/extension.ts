/**
 * Launches the built end-to-end extension (`.output/e2e-chrome-mv3`) in a persistent headless
 * Chromium profile and finds its id from the service worker's URL.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page, type Worker } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The e2e build: its manifest pre-declares the loopback origins (COP_E2E_HOSTS). */
export const EXTENSION_DIR = resolve(
  ROOT,
  process.env.COP_E2E_EXTENSION ?? '.output/e2e-chrome-mv3',
);

/** Host names under this suffix resolve to 127.0.0.1 but are no enabled site of the e2e build. */
export const ELSEWHERE_SUFFIX = 'cop.test';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  /** The extension's service worker (its background). */
  worker(): Promise<Worker>;
  /** The text on the toolbar icon's badge, read in the service worker. */
  badgeText(): Promise<string>;
  /** The match patterns the first-load script is registered for (the enabled sites). */
  registeredMatches(): Promise<string[]>;
  /**
   * Fires a WebExtension event (`contextMenus.onClicked`, `commands.onCommand`, …) in the service
   * worker, so its own listeners run as when the browser fires it: headless Chromium has no context
   * menu, passes no key press to the browser's shortcuts, and shows no notification to click.
   */
  dispatch(event: string, ...args: unknown[]): Promise<void>;
  /** The browser tab showing `page`, as the service worker sees it (what a menu click passes). */
  tabOf(page: Page): Promise<{ id: number; windowId: number; url: string }>;
  /** The ids of the notifications the extension shows now. */
  notificationIds(): Promise<string[]>;
  /** The extension's commands and the shortcut each got (empty when the browser refused it). */
  shortcuts(): Promise<Record<string, string>>;
  /** Opens an extension page such as `options.html` or `sidepanel.html` in a tab. */
  openPage(path: string): Promise<Page>;
  /** Closes the browser; the profile stays for a relaunch unless `removeProfile`. */
  close(options?: { removeProfile?: boolean }): Promise<void>;
}

export function newProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'cop-e2e-profile-'));
}

export async function launchExtension(
  options: { userDataDir?: string; extensionDir?: string } = {},
): Promise<LaunchedExtension> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(
      `No extension build at ${extensionDir}. Run: COP_E2E_HOSTS=http://127.0.0.1/*,http://localhost/* npx wxt build`,
    );
  }
  const userDataDir = options.userDataDir ?? newProfileDir();
  const context = await chromium.launchPersistentContext(userDataDir, {
    headless: true,
    executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined,
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=MAP *.${ELSEWHERE_SUFFIX} 127.0.0.1`,
    ],
  });

  const worker = async (): Promise<Worker> => {
    const existing = context
      .serviceWorkers()
      .find((w) => w.url().startsWith('chrome-extension://'));
    if (existing) return existing;
    return context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith('chrome-extension://'),
      timeout: 30_000,
    });
  };
  const extensionId = new URL((await worker()).url()).host;

  /** The WebExtension API as the service worker sees it (no @types/chrome needed). */
  type Chrome = {
    action: { getBadgeText(details: object): Promise<string> };
    scripting: { getRegisteredContentScripts(): Promise<{ matches?: string[] }[]> };
    tabs: { query(query: object): Promise<{ id: number; windowId: number; url: string }[]> };
    notifications: { getAll(): Promise<Record<string, boolean>> };
    commands: { getAll(): Promise<{ name: string; shortcut?: string }[]> };
  };

  return {
    context,
    extensionId,
    userDataDir,
    worker,
    badgeText: async () =>
      (await worker()).evaluate(() =>
        (globalThis as unknown as { chrome: Chrome }).chrome.action.getBadgeText({}),
      ),
    registeredMatches: async () =>
      (await worker()).evaluate(async () => {
        const { scripting } = (globalThis as unknown as { chrome: Chrome }).chrome;
        const scripts = await scripting.getRegisteredContentScripts();
        return scripts.flatMap((s) => s.matches ?? []).sort();
      }),
    dispatch: async (event, ...args) =>
      (await worker()).evaluate(
        ({ event, args }) => {
          // Chromium's event objects carry the `dispatch` its own bindings fire listeners with.
          const target = event
            .split('.')
            .reduce<any>((api, key) => api?.[key], (globalThis as any).chrome);
          if (typeof target?.dispatch !== 'function') throw new Error(`no event chrome.${event}`);
          target.dispatch(...args);
        },
        { event, args },
      ),
    async tabOf(page) {
      const url = page.url();
      const tabs = await (await worker()).evaluate(
        async (url) =>
          (await (globalThis as unknown as { chrome: Chrome }).chrome.tabs.query({})).filter(
            (tab) => tab.url === url,
          ),
        url,
      );
      if (tabs.length !== 1) throw new Error(`${tabs.length} tabs show ${url}`);
      return tabs[0]!;
    },
    notificationIds: async () =>
      (await worker()).evaluate(async () =>
        Object.keys(
          await (globalThis as unknown as { chrome: Chrome }).chrome.notifications.getAll(),
        ).sort(),
      ),
    shortcuts: async () =>
      (await worker()).evaluate(async () => {
        const commands = await (
          globalThis as unknown as { chrome: Chrome }
        ).chrome.commands.getAll();
        return Object.fromEntries(commands.map((c) => [c.name, c.shortcut ?? '']));
      }),
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path.replace(/^\//, '')}`);
      return page;
    },
    async close({ removeProfile = false } = {}) {
      await context.close();
      if (removeProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
