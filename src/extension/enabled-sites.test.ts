import { describe, expect, test, vi } from 'vitest';
import { createEnabledSites, enabledPatterns, PAGE_SCRIPT_ID } from './enabled-sites';

type Script = { id: string; matches?: string[]; js?: string[] };

/** Permissions and scripting as the browser keeps them, with their change events. */
function fakeBrowser(origins: string[]) {
  const granted = new Set(origins);
  let scripts: Script[] = [];
  const added: ((p: { origins?: string[] }) => void)[] = [];
  const removed: ((p: { origins?: string[] }) => void)[] = [];
  const executeScript = vi.fn(async () => []);
  const api = {
    permissions: {
      getAll: async () => ({ origins: [...granted], permissions: [] }),
      onAdded: { addListener: (f: (p: { origins?: string[] }) => void) => added.push(f) },
      onRemoved: { addListener: (f: (p: { origins?: string[] }) => void) => removed.push(f) },
    },
    scripting: {
      getRegisteredContentScripts: async ({ ids }: { ids: string[] }) =>
        scripts.filter((s) => ids.includes(s.id)),
      registerContentScripts: async (list: Script[]) => {
        for (const s of list) {
          if (scripts.some((x) => x.id === s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        }
        scripts.push(...list);
      },
      updateContentScripts: async (list: Script[]) => {
        scripts = scripts.map((s) => list.find((u) => u.id === s.id) ?? s);
      },
      unregisterContentScripts: async ({ ids }: { ids: string[] }) => {
        scripts = scripts.filter((s) => !ids.includes(s.id));
      },
      executeScript,
    },
    tabs: {
      query: async ({ url }: { url: string[] }) =>
        url.includes('https://wiki.example.org/*') ? [{ id: 7 }] : [],
    },
  };
  return {
    api,
    executeScript,
    scripts: () => scripts,
    async grant(origin: string) {
      granted.add(origin);
      for (const f of added) f({ origins: [origin] });
    },
    async revoke(origin: string) {
      granted.delete(origin);
      for (const f of removed) f({ origins: [origin] });
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 10));

describe('enabled sites', () => {
  test('the first-load script is registered for exactly the granted origins', async () => {
    const browser = fakeBrowser(['https://intranet.example.org/*', 'http://127.0.0.1/*']);
    const sites = createEnabledSites(browser.api as never);
    expect(await sites.sync()).toEqual(['http://127.0.0.1/*', 'https://intranet.example.org/*']);
    expect(browser.scripts()).toEqual([
      expect.objectContaining({
        id: PAGE_SCRIPT_ID,
        matches: ['http://127.0.0.1/*', 'https://intranet.example.org/*'],
        js: ['/content-scripts/page.js'],
      }),
    ]);
  });

  test('follows grants and revocations, and injects into tabs already open on a new site', async () => {
    const browser = fakeBrowser([]);
    const sites = createEnabledSites(browser.api as never);
    sites.watch();
    expect(await sites.sync()).toEqual([]);
    expect(browser.scripts()).toEqual([]);

    await browser.grant('https://wiki.example.org/*');
    await flush();
    expect(browser.scripts()[0]?.matches).toEqual(['https://wiki.example.org/*']);
    expect(browser.executeScript).toHaveBeenCalledWith({
      target: { tabId: 7 },
      files: ['/content-scripts/page.js'],
    });

    await browser.grant('https://intranet.example.org/*');
    await flush();
    expect(browser.scripts()).toHaveLength(1);
    expect(browser.scripts()[0]?.matches).toHaveLength(2);

    await browser.revoke('https://wiki.example.org/*');
    await browser.revoke('https://intranet.example.org/*');
    await flush();
    expect(browser.scripts()).toEqual([]);
  });

  test('concurrent syncs never register the script twice', async () => {
    const browser = fakeBrowser(['https://a.example/*']);
    const sites = createEnabledSites(browser.api as never);
    await Promise.all([sites.sync(), sites.sync(), sites.sync()]);
    expect(browser.scripts()).toHaveLength(1);
  });
});

test('enabledPatterns keeps web origins only, sorted and unique', () => {
  expect(
    enabledPatterns([
      'https://b.example/*',
      'chrome://extensions/*',
      'https://a.example/*',
      'https://a.example/*',
      '*://*.corp.example/*',
      '<all_urls>',
      'file:///*',
    ]),
  ).toEqual(['*://*.corp.example/*', '<all_urls>', 'https://a.example/*', 'https://b.example/*']);
  expect(enabledPatterns(undefined)).toEqual([]);
});
