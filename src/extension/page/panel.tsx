/**
 * The on-demand panel script: injected by the background when the person acts (or an enabled page
 * has practices captured from it to highlight). Mounts the Preact panel in a shadow root and answers the background.
 */
import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { describeQuote } from '../../core/anchoring';
import { LIMITS } from '../../core/limits';
import type { Quote } from '../../core/types';
import { addCatalog, createTranslator, I18nContext } from '../../ui/i18n';
import { de } from '../../ui/i18n-de';
import uiCss from '../../ui/styles.css?inline';
import { type PanelMessage, request } from '../messages';
import { createHighlighter } from './highlights';
import { PagePanel, type PanelState } from './PagePanel';
import { updatePageLayer, watchPageLayer } from './page-layer';
import panelCss from './panel.css?inline';
import { takeSelection } from './selection-slot';
import { actionableRange } from './selection-toolbar';

// The extension ships German (_locales has it too), so its words are there from the start.
addCatalog('de', de);

export const PANEL_TAG = 'cop-kit-panel';

/** The quote for the person's selection, within the store's limits. */
function quoteFor(range: Range | null | undefined, fallbackText?: string): Quote | null {
  if (range && !range.collapsed) {
    const q = describeQuote(document.body ?? document.documentElement, range);
    if (q.exact.trim()) {
      return {
        exact: q.exact.slice(0, LIMITS.quote),
        prefix: q.prefix.slice(-LIMITS.quoteContext),
        suffix: q.suffix.slice(0, LIMITS.quoteContext),
      };
    }
  }
  const text = fallbackText?.trim();
  return text ? { exact: text.slice(0, LIMITS.quote), prefix: '', suffix: '' } : null;
}

export async function startPanel(ctx: ContentScriptContext): Promise<void> {
  const state: PanelState = {
    view: signal(null),
    highlights: signal([]),
    found: signal({}),
    promptSpace: signal(0),
  };
  // The prompt chip steps aside while a form is open; the highlights dock sits above the chip.
  ctx.onInvalidated(effect(() => updatePageLayer({ panelOpen: state.view.value !== null })));
  ctx.onInvalidated(
    watchPageLayer((layer) => {
      state.promptSpace.value = layer.promptHeight;
    }),
  );
  const highlighter = createHighlighter(document);
  ctx.onInvalidated(() => highlighter.clear());
  const t = createTranslator(browser.i18n.getUILanguage());
  const send = (message: unknown) => browser.runtime.sendMessage(message);

  const ui = await createShadowRootUi(ctx, {
    name: PANEL_TAG,
    position: 'inline',
    anchor: () => document.body ?? document.documentElement,
    append: 'last',
    css: `${uiCss}\n${panelCss}`,
    // Typing in our fields must not trigger the page's keyboard shortcuts.
    isolateEvents: ['keydown', 'keyup', 'keypress', 'input'],
    onMount(container) {
      render(
        <I18nContext.Provider value={t}>
          <PagePanel
            state={state}
            call={(type, body) => request(send, type, body)}
            reveal={(id) => highlighter.reveal(id)}
          />
        </I18nContext.Provider>,
        container,
      );
      return container;
    },
    onRemove(container) {
      if (container) render(null, container);
    },
  });
  ui.mount();

  const onMessage = (
    message: PanelMessage,
    _sender: unknown,
    sendResponse: (response: unknown) => void,
  ): undefined => {
    if (message?.type === 'panel/ping') {
      sendResponse({ ok: true });
    } else if (message?.type === 'panel/open') {
      const page = { url: location.href, title: document.title };
      if (message.prompt) {
        // From a prompt: a question about this page to the prompt's community, no selection.
        state.view.value = {
          mode: 'ask',
          draft: { context: page },
          community: message.prompt.community,
        };
        sendResponse({ ok: true });
        return undefined;
      }
      const range = takeSelection() ?? actionableRange(document.getSelection());
      const quote = quoteFor(range, message.selectionText);
      state.view.value =
        message.mode === 'capture'
          ? { mode: 'capture', draft: { quote, url: page.url, pageTitle: page.title } }
          : {
              mode: 'ask',
              draft: {
                context: { ...page, ...(quote ? { selection: quote.exact } : {}) },
              },
            };
      sendResponse({ ok: true });
    } else if (message?.type === 'panel/highlights') {
      state.highlights.value = message.highlights;
      const found = highlighter.show(
        message.highlights.flatMap((h) =>
          h.source?.quote ? [{ id: h.id, quote: h.source.quote }] : [],
        ),
      );
      state.found.value = Object.fromEntries([...found].map(([id, r]) => [id, r !== null]));
      sendResponse({ ok: true });
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage as never);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage as never));
}
