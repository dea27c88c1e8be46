/**
 * Puts the panel into a tab on demand: the first-load script stays tiny, and pages the person
 * never acts on never receive the forms, Preact or anchoring code.
 */
import type { WxtBrowser } from 'wxt/browser';
import type { PageEnhancements, PanelMessage, PanelMode } from './messages';

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
    /** Opens the capture or ask form in the tab, prefilled from its selection. */
    async open(target: Target, mode: PanelMode, selectionText?: string): Promise<void> {
      await ensure(target);
      await send(target, { type: 'panel/open', mode, selectionText });
    },
    /** Shows prompts and highlights in the tab; injects the panel only when there is something to show. */
    async enhance(target: Target, enhancements: PageEnhancements): Promise<boolean> {
      const empty = enhancements.prompts.length === 0 && enhancements.highlights.length === 0;
      if (empty) {
        // A panel already there (SPA navigation) must drop what belonged to the previous view.
        try {
          await send(target, { type: 'panel/enhance', enhancements });
        } catch {
          // No panel: nothing to clear.
        }
        return false;
      }
      await ensure(target);
      await send(target, { type: 'panel/enhance', enhancements });
      return true;
    },
  };
}

export type TabPanel = ReturnType<typeof createTabPanel>;
