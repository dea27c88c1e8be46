/**
 * The first-load script's job on a page: offer the selection toolbar, tell the background where we
 * are (load and SPA navigation) and show a matching prompt in the chip. The chip's code, and the
 * page-text reader's, load only when first needed (lazy-parts.ts).
 * The panel comes only on demand. Every part it puts in the page is torn down from one place.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { type MatchedPrompt, PAGE_TEXT_LIMIT, type PagePartName, request } from '../messages';
import { idleScheduler } from './idle-slices';
import { lazyPart } from './lazy-parts';
import { createPageHello } from './page-hello';
import { createPageParts, type PagePart } from './page-host';
import { keepSelection } from './selection-slot';
import { createSelectionToolbar } from './selection-toolbar';

const send = (message: unknown) => browser.runtime.sendMessage(message);
const warn = (error: unknown) => console.warn('[cop-kit]', error);

const loadPart = (part: PagePartName) => request(send, 'page/loadPart', { part });

/** The prompt chip, its script loaded by the background when there is first a prompt to show. */
function lazyPromptChip(): PagePart & { show(prompts: MatchedPrompt[]): void } {
  const chip = lazyPart('prompt-chip', loadPart);
  let used = false;
  return {
    show(prompts) {
      if (prompts.length === 0 && !used) return;
      used = true;
      // One promise: shows happen in the order they were asked for.
      chip().then((c) => c.show(prompts), warn);
    },
    destroy() {
      if (used) chip().then((c) => c.destroy(), warn);
    },
  };
}

export function startFirstLoad(ctx: ContentScriptContext): void {
  const parts = createPageParts((cb) => ctx.onInvalidated(cb));
  const label = (key: 'extName' | 'capturePractice' | 'askCommunity', fallback: string) =>
    browser.i18n.getMessage(key) || fallback;
  // Labels (and the DOM) only when first needed: most loads show neither toolbar nor prompt.
  parts.add(
    createSelectionToolbar(document, {
      labels: () => ({
        toolbar: label('extName', 'CoP Kit'),
        capture: label('capturePractice', 'Capture as practice'),
        ask: label('askCommunity', 'Ask the community'),
      }),
      onAction(mode, range) {
        keepSelection(range);
        request(send, 'page/openPanel', { mode }).catch(warn);
      },
      listen: (type, handler) => ctx.addEventListener(window, type, handler, { capture: true }),
    }),
  );
  const chip = parts.add(lazyPromptChip());
  // The reader loads only for a page a keyword rule needs the text of.
  const textReader = lazyPart('page-text', loadPart);

  // The background matches the rules; the page text (read only if a rule's keywords need it)
  // goes to the background and never leaves the browser.
  const greet = createPageHello({
    call: (type, body) => request(send, type, body),
    page: () => ({ url: location.href, title: document.title }),
    readText: async () =>
      (await textReader())(document, PAGE_TEXT_LIMIT, idleScheduler(ctx, 2_000)),
    show: (prompts) => chip.show(prompts),
  });
  void greet();
  // The event comes as the navigation starts (Navigation API): the address, title and view are
  // the new ones only once the page has handled it, so greet when it is idle again.
  ctx.addEventListener(window, 'wxt:locationchange', () =>
    ctx.requestIdleCallback(() => void greet(), { timeout: 1_000 }),
  );
}
