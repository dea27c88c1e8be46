/**
 * The first-load script's job on a page: offer the selection toolbar and tell the background
 * where we are (load and SPA navigation). Everything heavier comes later, on demand.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { request } from '../messages';
import { pageText } from './page-text';
import { keepSelection } from './selection-slot';
import { createSelectionToolbar } from './selection-toolbar';

const send = (message: unknown) => browser.runtime.sendMessage(message);

export function startFirstLoad(ctx: ContentScriptContext): void {
  const label = (key: 'extName' | 'capturePractice' | 'askCommunity', fallback: string) =>
    browser.i18n.getMessage(key) || fallback;
  const teardown = createSelectionToolbar(document, {
    labels: {
      toolbar: label('extName', 'CoP Kit'),
      capture: label('capturePractice', 'Capture as practice'),
      ask: label('askCommunity', 'Ask the community'),
    },
    onAction(mode, range) {
      keepSelection(range);
      request(send, 'page/openPanel', { mode }).catch((error) => console.warn('[cop-kit]', error));
    },
    listen: (type, handler) => ctx.addEventListener(window, type, handler, { capture: true }),
  });
  ctx.onInvalidated(teardown);

  // Prompts and highlights: the background decides, with the page text that never leaves the browser.
  const hello = () =>
    ctx.requestIdleCallback(
      () => {
        request(send, 'page/hello', {
          url: location.href,
          title: document.title,
          text: pageText(document),
        }).catch(() => {
          // Not connected or the background restarted: nothing to show, nothing to do.
        });
      },
      { timeout: 2_000 },
    );
  hello();
  ctx.addEventListener(window, 'wxt:locationchange', hello);
}
