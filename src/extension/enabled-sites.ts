/**
 * Enabled sites are exactly the origins the extension holds host permission for. The first-load
 * script is registered for those and nothing else, at start-up and whenever permissions change.
 */
import type { WxtBrowser } from 'wxt/browser';

export const PAGE_SCRIPT_ID = 'cop-kit-page';
export const PAGE_SCRIPT_FILE = '/content-scripts/page.js';

/** The match patterns among granted origins that can carry a content script (http, https, or all). */
export function enabledPatterns(origins: readonly string[] | undefined): string[] {
  const patterns = (origins ?? []).filter(
    (o) => o === '<all_urls>' || /^(\*|https?):\/\/[^/]+\/.*$/.test(o),
  );
  return [...new Set(patterns)].sort();
}

type Api = Pick<WxtBrowser, 'permissions' | 'scripting' | 'tabs'>;

export interface EnabledSites {
  /** Registers the first-load script for exactly the granted origins; returns them. */
  sync(): Promise<string[]>;
  /** Starts following permission changes; newly enabled open tabs get the script at once. */
  watch(): void;
}

export function createEnabledSites(api: Api): EnabledSites {
  // Serialise: two permission events in a row must not race to register the same id.
  let queue: Promise<unknown> = Promise.resolve();

  async function apply(): Promise<string[]> {
    const patterns = enabledPatterns((await api.permissions.getAll()).origins);
    const existing = await api.scripting.getRegisteredContentScripts({ ids: [PAGE_SCRIPT_ID] });
    if (patterns.length === 0) {
      if (existing.length > 0) {
        await api.scripting.unregisterContentScripts({ ids: [PAGE_SCRIPT_ID] });
      }
      return patterns;
    }
    const script = {
      id: PAGE_SCRIPT_ID,
      js: [PAGE_SCRIPT_FILE],
      matches: patterns,
      runAt: 'document_idle' as const,
      allFrames: false,
      persistAcrossSessions: true,
    };
    if (existing.length > 0) await api.scripting.updateContentScripts([script]);
    else await api.scripting.registerContentScripts([script]);
    return patterns;
  }

  function sync(): Promise<string[]> {
    const next = queue.then(apply, apply);
    queue = next.catch(() => undefined);
    return next;
  }

  /** Tabs already open on a newly enabled site get the script now, not on their next load. */
  async function injectIntoOpenTabs(origins: string[]) {
    const patterns = enabledPatterns(origins);
    if (patterns.length === 0) return;
    const tabs = await api.tabs.query({ url: patterns });
    await Promise.all(
      tabs.map((tab) =>
        tab.id === undefined
          ? undefined
          : api.scripting
              .executeScript({ target: { tabId: tab.id }, files: [PAGE_SCRIPT_FILE] })
              .catch(() => undefined),
      ),
    );
  }

  return {
    sync,
    watch() {
      api.permissions.onAdded.addListener((added) => {
        sync()
          .then(() => injectIntoOpenTabs(added.origins ?? []))
          .catch((error) => console.warn('[cop-kit] enabling sites failed', error));
      });
      api.permissions.onRemoved.addListener(() => {
        sync().catch((error) => console.warn('[cop-kit] disabling sites failed', error));
      });
    },
  };
}
