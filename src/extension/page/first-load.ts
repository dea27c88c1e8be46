/**
 * The first-load script's job on a page: offer the selection toolbar, tell the background where we
 * are (load and SPA navigation) and show a matching prompt itself. The panel comes only on demand.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { PAGE_TEXT_LIMIT, request } from '../messages';
import { idleScheduler } from './idle-slices';
import { createPageHello } from './page-hello';
import { readPageText } from './page-text';
import { createPromptChip, promptChipLabels } from './prompt-chip';
import { keepSelection } from './selection-slot';
import { createSelectionToolbar } from './selection-toolbar';

const send = (message: unknown) => browser.runtime.sendMessage(message);

export function startFirstLoad(ctx: ContentScriptContext): void {
  const label = (key: 'extName' | 'capturePractice' | 'askCommunity', fallback: string) =>
    browser.i18n.getMessage(key) || fallback;
  // Labels (and the DOM) only when first needed: most loads show neither toolbar nor prompt.
  const teardown = createSelectionToolbar(document, {
    labels: () => ({
      toolbar: label('extName', 'CoP Kit'),
      capture: label('capturePractice', 'Capture as practice'),
      ask: label('askCommunity', 'Ask the community'),
    }),
    onAction(mode, range) {
      keepSelection(range);
      request(send, 'page/openPanel', { mode }).catch((error) => console.warn('[cop-kit]', error));
    },
    listen: (type, handler) => ctx.addEventListener(window, type, handler, { capture: true }),
  });
  ctx.onInvalidated(teardown);

  // Prompts: shown here, in a few hundred bytes of DOM; the panel is injected only when asked.
  const chip = createPromptChip(document, {
    labels: () => promptChipLabels(browser.i18n.getUILanguage()),
    onAsk: ({ id, community }) =>
      request(send, 'page/openPanel', { mode: 'ask', prompt: { id, community } }),
  });
  ctx.onInvalidated(() => chip.destroy());

  // The background matches the rules; the page text (read only if a rule's keywords need it)
  // goes to the background and never leaves the browser.
  const greet = createPageHello({
    call: (type, body) => request(send, type, body),
    page: () => ({ url: location.href, title: document.title }),
    readText: () => readPageText(document, PAGE_TEXT_LIMIT, idleScheduler(ctx, 2_000)),
    show: (prompts) => chip.show(prompts),
  });
  void greet();
  // The event comes as the navigation starts (Navigation API): the address, title and view are
  // the new ones only once the page has handled it, so greet when it is idle again.
  ctx.addEventListener(window, 'wxt:locationchange', () =>
    ctx.requestIdleCallback(() => void greet(), { timeout: 1_000 }),
  );
}
