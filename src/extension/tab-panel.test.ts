import { expect, test, vi } from 'vitest';
import type { PageHighlight, PanelMessage } from './messages';
import { createTabPanel, PANEL_SCRIPT_FILE } from './tab-panel';

/** A tab whose frame has the panel only once the script was injected into it. */
function setup() {
  let injected = false;
  const received: PanelMessage[] = [];
  const api = {
    scripting: {
      executeScript: vi.fn(async () => {
        injected = true;
        return [];
      }),
    },
    tabs: {
      sendMessage: vi.fn(async (_tabId: number, message: PanelMessage) => {
        if (!injected)
          throw new Error('Could not establish connection. Receiving end does not exist.');
        received.push(message);
        return { ok: true };
      }),
    },
  };
  const panel = createTabPanel(api as never);
  return { panel, api, received };
}

const highlight = {
  id: 'p-1',
  title: 'Publish first',
  community: 'ops',
  source: { url: 'https://wiki.test/a', title: 'A', quote: { exact: 'x', prefix: '', suffix: '' } },
} as PageHighlight;

test('a page without highlights never gets the panel; one with highlights does', async () => {
  const { panel, api, received } = setup();
  expect(await panel.highlight({ tabId: 1 }, [])).toBe(false);
  expect(api.scripting.executeScript).not.toHaveBeenCalled();

  expect(await panel.highlight({ tabId: 1 }, [highlight])).toBe(true);
  expect(api.scripting.executeScript).toHaveBeenCalledWith({
    target: { tabId: 1, frameIds: [0] },
    files: [PANEL_SCRIPT_FILE],
  });
  expect(received.at(-1)).toEqual({ type: 'panel/highlights', highlights: [highlight] });

  // SPA navigation to a view without highlights: the panel there is told to clear.
  await panel.highlight({ tabId: 1 }, []);
  expect(received.at(-1)).toEqual({ type: 'panel/highlights', highlights: [] });
});

test('opening from a prompt injects the panel once and passes the prompt on', async () => {
  const { panel, api, received } = setup();
  const prompt = { id: 'r1', community: 'ops' };
  await panel.open({ tabId: 2, frameId: 0 }, 'ask', { prompt });
  await panel.open({ tabId: 2, frameId: 0 }, 'capture', { selectionText: 'quote' });
  expect(api.scripting.executeScript).toHaveBeenCalledTimes(1);
  expect(received.filter((m) => m.type === 'panel/open')).toEqual([
    { type: 'panel/open', mode: 'ask', prompt },
    { type: 'panel/open', mode: 'capture', selectionText: 'quote' },
  ]);
});
