import { expect, test, vi } from 'vitest';
import type { PageHighlight, PanelMessage } from './messages';
import { createTabPanel, PAGE_PART_FILES, PANEL_SCRIPT_FILE } from './tab-panel';

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
        if (message.type === 'panel/open')
          return { quote: null, url: 'https://wiki.test/a', pageTitle: 'A' };
        if (message.type === 'panel/highlights') return { found: message.quotes.map((q) => q.id) };
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
  // The page gets the quote to find, never the practice's title or community.
  expect(received.at(-1)).toEqual({
    type: 'panel/highlights',
    quotes: [{ id: 'p-1', quote: highlight.source!.quote }],
    frame: expect.any(String),
  });
  expect(JSON.stringify(received)).not.toContain('Publish first');

  // SPA navigation to a view without highlights: the panel there is told to clear.
  await panel.highlight({ tabId: 1 }, []);
  expect(received.at(-1)).toEqual({
    type: 'panel/highlights',
    quotes: [],
    frame: expect.any(String),
  });
});

test('opening from a prompt injects the panel once and passes the prompt on', async () => {
  const { panel, api, received } = setup();
  const prompt = { id: 'r1', community: 'ops' };
  await panel.open({ tabId: 2, frameId: 0 }, 'ask', { prompt });
  await panel.open({ tabId: 2, frameId: 0 }, 'capture', { selectionText: 'quote' });
  expect(api.scripting.executeScript).toHaveBeenCalledTimes(1);
  // The prompt stays in the background (it goes to the frame); the page only reads its selection.
  expect(received.filter((m) => m.type === 'panel/open')).toEqual([
    { type: 'panel/open', mode: 'ask', frame: expect.any(String) },
    { type: 'panel/open', mode: 'capture', selectionText: 'quote', frame: expect.any(String) },
  ]);
});

/** A frame's port as the background sees it. */
function framePort(url: string, tabId: number, extensionId = 'ours') {
  const onMessage: ((m: unknown) => void)[] = [];
  const posted: unknown[] = [];
  const port = {
    name: 'cop-frame',
    sender: { id: extensionId, url, tab: { id: tabId } },
    posted,
    disconnected: false,
    postMessage: (m: unknown) => posted.push(m),
    disconnect: () => {
      port.disconnected = true;
    },
    onMessage: { addListener: (l: (m: unknown) => void) => onMessage.push(l) },
    onDisconnect: { addListener: () => undefined },
    say: (m: unknown) => {
      for (const l of onMessage) l(m);
    },
  };
  return port;
}

test('only our frame with the token of its tab hears the opening; every opening is a new form', async () => {
  const { api, received } = setup();
  let accept: (port: unknown) => void = () => undefined;
  const panel = createTabPanel({
    ...api,
    runtime: { id: 'ours', onConnect: { addListener: (l: never) => (accept = l) } },
  } as never);
  await panel.open({ tabId: 3 }, 'capture');
  const token = (received.find((m) => m.type === 'panel/open') as { frame: string }).frame;

  // A page cannot connect as the frame, nor can our frame in another tab use this tab's token.
  const fromPage = framePort('https://evil.test/panel-frame.html', 3);
  accept(fromPage);
  expect(fromPage.disconnected).toBe(true);
  const otherTab = framePort('chrome-extension://ours/panel-frame.html', 9);
  accept(otherTab);
  otherTab.say({ type: 'frame/hello', token });
  expect(otherTab.posted).toEqual([]);

  const frame = framePort('chrome-extension://ours/panel-frame.html', 3);
  accept(frame);
  frame.say({ type: 'frame/hello', token });
  const first = frame.posted[0] as { view: { seq: number; mode: string } };
  expect(first.view.mode).toBe('capture');
  await panel.open({ tabId: 3 }, 'capture');
  const second = frame.posted.at(-1) as { view: { seq: number } };
  expect(second.view.seq).toBeGreaterThan(first.view.seq);
});

test('a page part loads into the frame that asked, and only a known part', async () => {
  const { panel, api } = setup();
  await panel.loadPart({ tabId: 2, frameId: 5 }, 'prompt-chip');
  expect(api.scripting.executeScript).toHaveBeenCalledWith({
    target: { tabId: 2, frameIds: [5] },
    files: [PAGE_PART_FILES['prompt-chip']],
  });
  await expect(panel.loadPart({ tabId: 2 }, 'toString' as never)).rejects.toThrow(
    /Unknown page part/,
  );
  expect(api.scripting.executeScript).toHaveBeenCalledTimes(1);
});
