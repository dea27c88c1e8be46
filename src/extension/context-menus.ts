/**
 * The person's explicit ways in on any page (each grants activeTab): the context menu on a
 * selection or page, and the keyboard shortcuts. Both open the panel in that tab.
 */
import type { WxtBrowser } from 'wxt/browser';
import type { PanelMode } from './messages';

export const MENU_CAPTURE = 'cop-capture';
export const MENU_ASK = 'cop-ask';
export const COMMANDS: Record<string, PanelMode> = {
  'capture-practice': 'capture',
  'ask-community': 'ask',
};

type Api = Pick<WxtBrowser, 'contextMenus' | 'i18n' | 'commands' | 'tabs'>;

export type OpenPanel = (
  target: { tabId: number; frameId?: number },
  mode: PanelMode,
  selectionText?: string,
) => Promise<void>;

/** Creates the menu items (again): called on install and browser start-up. */
export async function installMenus(api: Api): Promise<void> {
  const label = (key: 'extName' | 'capturePractice' | 'askCommunity', fallback: string) =>
    api.i18n.getMessage(key) || fallback;
  await api.contextMenus.removeAll();
  api.contextMenus.create({
    id: MENU_CAPTURE,
    title: label('capturePractice', 'Capture as practice'),
    contexts: ['selection'],
  });
  api.contextMenus.create({
    id: MENU_ASK,
    title: label('askCommunity', 'Ask the community'),
    contexts: ['selection', 'page'],
  });
}

/** Routes menu clicks and shortcuts to `open`; registered at the service worker's top level. */
export function listenForActions(api: Api, open: OpenPanel): void {
  const report = (error: unknown) => console.warn('[cop-kit] could not open the panel', error);
  api.contextMenus.onClicked.addListener((info, tab) => {
    if (tab?.id === undefined || tab.id < 0) return;
    const mode: PanelMode = info.menuItemId === MENU_CAPTURE ? 'capture' : 'ask';
    open({ tabId: tab.id, frameId: info.frameId ?? 0 }, mode, info.selectionText).catch(report);
  });
  api.commands.onCommand.addListener((command, tab) => {
    const mode = COMMANDS[command];
    if (!mode) return;
    const run = async () => {
      const target =
        tab?.id !== undefined
          ? tab
          : (await api.tabs.query({ active: true, currentWindow: true }))[0];
      if (target?.id === undefined) return;
      await open({ tabId: target.id, frameId: 0 }, mode);
    };
    run().catch(report);
  });
}
