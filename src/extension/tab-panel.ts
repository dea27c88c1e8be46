/**
 * Puts the panel into a tab on demand: the first-load script stays tiny, and pages the person
 * never acts on never receive the forms, Preact or anchoring code.
 */
import type { WxtBrowser } from 'wxt/browser';
import type { PageHighlight, PanelMessage, PanelMode, PanelOpening } from './messages';

export const PANEL_SCRIPT_FILE = '/content-scripts/panel.js';

type Api = Pick<WxtBrowser, 'scripting' | 'tabs'>;

export interface Target {
  tabId: number;
  frameId?: number;
}

export function createTabPanel(api: Api) {
  const send = (target: Target, message: PanelMessage) =>
    api.tabs.sendMessage(target.tabId, message, { frameId: target.frameId ?? 0 });

  /** Injects the panel script into the frame unless it already answers there. */
  async function ensure(target: Target): Promise<void> {
    try {
      const reply = (await send(target, { type: 'panel/ping' })) as { ok?: boolean } | undefined;
      if (reply?.ok) return;
    } catch {
      // No panel in that frame yet.
    }
    await api.scripting.executeScript({
      target: { tabId: target.tabId, frameIds: [target.frameId ?? 0] },
      files: [PANEL_SCRIPT_FILE],
    });
  }

  return {
    /** Opens the capture or ask form in the tab, prefilled from its selection or from a prompt. */
    async open(target: Target, mode: PanelMode, opening: PanelOpening = {}): Promise<void> {
      await ensure(target);
      await send(target, { type: 'panel/open', mode, ...opening });
    },
    /**
     * Shows the practices captured from the page; injects the panel only when there are some
     * (prompts never need it: the first-load script shows them itself).
     */
    async highlight(target: Target, highlights: PageHighlight[]): Promise<boolean> {
      if (highlights.length === 0) {
        // A panel already there (SPA navigation) must drop what belonged to the previous view.
        try {
          await send(target, { type: 'panel/highlights', highlights });
        } catch {
          // No panel: nothing to clear.
        }
        return false;
      }
      await ensure(target);
      await send(target, { type: 'panel/highlights', highlights });
      return true;
    },
  };
}

export type TabPanel = ReturnType<typeof createTabPanel>;
