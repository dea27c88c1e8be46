/**
 * Puts the panel into a tab on demand: the first-load script stays tiny, and pages the person
 * never acts on never receive the panel script. The panel script only reads the selection and
 * paints highlights; everything that shows the person's data is an extension frame it mounts in a
 * closed shadow root. That frame talks to this hub over a port, never through the page.
 */
import type { Browser, WxtBrowser } from 'wxt/browser';
import {
  FRAME_PAGE,
  FRAME_PORT,
  type FrameHighlight,
  type FrameMessage,
  type FrameRequest,
  type FrameView,
  type PageHighlight,
  type PagePartName,
  type PanelDraft,
  type PanelMessage,
  type PanelMode,
  type PanelOpening,
} from './messages';

export const PANEL_SCRIPT_FILE = '/content-scripts/panel.js';
/** The scripts of the page parts that load on first use (entrypoints/*.ts, unlisted scripts). */
export const PAGE_PART_FILES = {
  'prompt-chip': '/prompt-chip.js',
  'page-text': '/page-text.js',
} as const satisfies Record<PagePartName, string>;

type Port = Browser.runtime.Port;
type Api = Pick<WxtBrowser, 'scripting' | 'tabs'> & {
  runtime?: Pick<WxtBrowser['runtime'], 'onConnect' | 'id'>;
};

export interface Target {
  tabId: number;
  frameId?: number;
}

/** One page frame's panel: the token its extension frame proves itself with, and what it shows. */
interface Entry {
  target: Target;
  token: string;
  port?: Port;
  view: FrameView | null;
  highlights: FrameHighlight[];
}

const keyOf = (target: Target) => `${target.tabId}:${target.frameId ?? 0}`;

/** Whether a port comes from our own frame page (any extension URL of ours with that path). */
export function isOwnFramePort(port: Port, extensionId: string | undefined): boolean {
  const sender = port.sender;
  if (!sender || sender.id !== extensionId || sender.tab?.id === undefined || !sender.url) {
    return false;
  }
  try {
    const url = new URL(sender.url);
    return /^(chrome|moz)-extension:$/.test(url.protocol) && url.pathname === FRAME_PAGE;
  } catch {
    return false;
  }
}

export function createTabPanel(api: Api) {
  const entries = new Map<string, Entry>();
  let seq = 0;
  const send = (target: Target, message: PanelMessage) =>
    api.tabs.sendMessage(target.tabId, message, { frameId: target.frameId ?? 0 });

  function entryFor(target: Target): Entry {
    const key = keyOf(target);
    let entry = entries.get(key);
    if (!entry) {
      entry = { target, token: crypto.randomUUID(), view: null, highlights: [] };
      entries.set(key, entry);
    }
    return entry;
  }

  function push(entry: Entry, message: FrameMessage) {
    try {
      entry.port?.postMessage(message);
    } catch {
      entry.port = undefined;
    }
  }

  /** Injects the panel script into the frame unless it already answers there. */
  async function ensure(target: Target): Promise<void> {
    try {
      const reply = (await send(target, { type: 'panel/ping' })) as { ok?: boolean } | undefined;
      if (reply?.ok) return;
    } catch {
      // No panel in that frame yet.
    }
    // A new panel script (a new page): whatever frame and token belonged to the old one are gone.
    const old = entries.get(keyOf(target));
    old?.port?.disconnect();
    entries.delete(keyOf(target));
    await api.scripting.executeScript({
      target: { tabId: target.tabId, frameIds: [target.frameId ?? 0] },
      files: [PANEL_SCRIPT_FILE],
    });
  }

  /** A frame says hello with its token; from then on its port speaks for that page frame. */
  function accept(port: Port) {
    if (port.name !== FRAME_PORT) return;
    if (!isOwnFramePort(port, api.runtime?.id)) {
      port.disconnect();
      return;
    }
    const tabId = port.sender?.tab?.id;
    let entry: Entry | undefined;
    port.onMessage.addListener((message: FrameRequest) => {
      if (!entry) {
        if (message?.type !== 'frame/hello') return;
        entry = [...entries.values()].find(
          (e) => e.token === message.token && e.target.tabId === tabId,
        );
        if (!entry) return port.disconnect();
        entry.port = port;
        push(entry, { type: 'frame/view', view: entry.view });
        push(entry, { type: 'frame/highlights', highlights: entry.highlights });
        return;
      }
      const target = entry.target;
      const report = (error: unknown) => console.warn('[cop-kit] panel frame', error);
      if (message?.type === 'frame/layout') {
        send(target, { type: 'panel/layout', layout: message.layout }).catch(report);
      } else if (message?.type === 'frame/reveal' && typeof message.id === 'string') {
        send(target, { type: 'panel/reveal', id: message.id }).catch(report);
      } else if (message?.type === 'frame/closed') {
        entry.view = null;
      }
    });
    port.onDisconnect.addListener(() => {
      if (entry?.port === port) entry.port = undefined;
    });
  }
  api.runtime?.onConnect.addListener(accept);

  return {
    /**
     * Opens a fresh capture or ask form in the tab, prefilled from its selection or from a prompt:
     * every opening is new (its own `seq`), whatever the frame showed before.
     */
    async open(target: Target, mode: PanelMode, opening: PanelOpening = {}): Promise<void> {
      await ensure(target);
      const entry = entryFor(target);
      const draft = (await send(target, {
        type: 'panel/open',
        mode,
        frame: entry.token,
        ...(opening.selectionText ? { selectionText: opening.selectionText } : {}),
      })) as PanelDraft | undefined;
      if (!draft || typeof draft.url !== 'string') throw new Error('The page did not answer.');
      entry.view = {
        seq: ++seq,
        mode: opening.prompt ? 'ask' : mode,
        draft: opening.prompt ? { ...draft, quote: null } : draft,
        ...(opening.prompt ? { community: opening.prompt.community } : {}),
      };
      push(entry, { type: 'frame/view', view: entry.view });
    },
    /**
     * Shows the practices captured from the page; injects the panel only when there are some
     * (prompts never need it: the first-load script shows them itself). The page gets the quotes
     * only; titles go to the frame.
     */
    async highlight(target: Target, highlights: PageHighlight[]): Promise<boolean> {
      const quotes = highlights.flatMap((h) =>
        h.source?.quote ? [{ id: h.id, quote: h.source.quote }] : [],
      );
      if (highlights.length === 0) {
        // A panel already there (SPA navigation) must drop what belonged to the previous view.
        const entry = entries.get(keyOf(target));
        if (!entry) return false;
        entry.highlights = [];
        push(entry, { type: 'frame/highlights', highlights: [] });
        try {
          await send(target, { type: 'panel/highlights', quotes: [], frame: entry.token });
        } catch {
          // No panel: nothing to clear.
        }
        return false;
      }
      await ensure(target);
      const entry = entryFor(target);
      const reply = (await send(target, {
        type: 'panel/highlights',
        quotes,
        frame: entry.token,
      })) as { found?: string[] } | undefined;
      const found = new Set(reply?.found ?? []);
      entry.highlights = highlights.map((h) => ({
        id: h.id,
        title: h.title,
        found: found.has(h.id),
      }));
      push(entry, { type: 'frame/highlights', highlights: entry.highlights });
      return true;
    },
    /** Injects a page part's script into the frame (the first-load script asks on first use). */
    async loadPart(target: Target, part: PagePartName): Promise<void> {
      const file = Object.hasOwn(PAGE_PART_FILES, part) ? PAGE_PART_FILES[part] : undefined;
      if (!file) throw new Error(`Unknown page part ${String(part)}.`);
      await api.scripting.executeScript({
        target: { tabId: target.tabId, frameIds: [target.frameId ?? 0] },
        files: [file],
      });
    },
    /** The tab closed or navigated away: its frames are gone. */
    forgetTab(tabId: number) {
      for (const [key, entry] of entries) if (entry.target.tabId === tabId) entries.delete(key);
    },
  };
}

export type TabPanel = ReturnType<typeof createTabPanel>;
