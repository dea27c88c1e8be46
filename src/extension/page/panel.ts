/**
 * The on-demand panel script: injected by the background when the person acts (or an enabled page
 * has practices captured from it to highlight). It reads the selection, paints highlights and
 * mounts the extension frame, which shows everything else. It gets no titles and no communities:
 * it runs in the page's renderer, and what it does not hold a compromised page cannot take.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { describeQuote } from '../../core/anchoring';
import { LIMITS } from '../../core/limits';
import type { Quote } from '../../core/types';
import { actionableRange } from '../../ui/actionable-selection';
import { FRAME_PAGE, type PanelDraft, type PanelMessage } from '../messages';
import { createFrameHost, type FrameHost } from './frame-host';
import { createHighlighter } from './highlights';
import { idleScheduler } from './idle-slices';
import { createPageParts } from './page-host';
import { updatePageLayer, watchPageLayer } from './page-layer';
import { takeSelection } from './selection-slot';

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

export function startPanel(ctx: ContentScriptContext): void {
  const parts = createPageParts((cb) => ctx.onInvalidated(cb));
  const highlighter = parts.add(createHighlighter(document, idleScheduler(ctx, 2_000)));
  let frame: FrameHost | null = null;
  let promptSpace = 0;
  let returnFocus: Element | null = null;
  let columnOpen = false;

  /** The frame for this token: the background names it; a new token is a new frame. */
  const frameFor = (token: string): FrameHost => {
    if (frame?.token === token) return frame;
    frame?.destroy();
    frame = parts.add(
      createFrameHost(document, browser.runtime.getURL(FRAME_PAGE as never), token),
    );
    frame.setPromptSpace(promptSpace);
    return frame;
  };
  parts.add({ destroy: () => frame?.destroy() });
  parts.add({
    destroy: watchPageLayer((layer) => {
      promptSpace = layer.promptHeight;
      frame?.setPromptSpace(promptSpace);
    }),
  });
  parts.add({ destroy: () => updatePageLayer({ panelOpen: false }) });

  const onMessage = (
    message: PanelMessage,
    sender: { id?: string },
    sendResponse: (response: unknown) => void,
  ): true | undefined => {
    // Only the background speaks here (tabs.sendMessage); anything else is not ours to answer.
    if (sender?.id !== browser.runtime.id) return undefined;
    if (message?.type === 'panel/ping') {
      sendResponse({ ok: true });
    } else if (message?.type === 'panel/open') {
      if (!columnOpen) returnFocus = document.activeElement;
      frameFor(message.frame);
      const range = takeSelection() ?? actionableRange(document.getSelection());
      const draft: PanelDraft = {
        quote: message.mode === 'capture' || range ? quoteFor(range, message.selectionText) : null,
        url: location.href,
        pageTitle: document.title,
      };
      // Read, so let go, as focus moving into a form always did: a press on the same words
      // later starts a new selection instead of dragging the old one.
      if (range) document.getSelection()?.removeAllRanges();
      sendResponse(draft);
    } else if (message?.type === 'panel/highlights') {
      // Anchored in idle slices: the answer comes when they are done (the channel stays open).
      void highlighter.show(message.quotes).then((found) => {
        if (message.quotes.length > 0) frameFor(message.frame);
        sendResponse({ found: [...found].flatMap(([id, range]) => (range ? [id] : [])) });
      });
      return true;
    } else if (message?.type === 'panel/layout') {
      frame?.layout(message.layout);
      const open = message.layout.kind === 'column';
      updatePageLayer({ panelOpen: open });
      if (columnOpen && !open) {
        // The form closed: focus goes back to where the person was in the page.
        const target = returnFocus as HTMLElement | null;
        if (target?.isConnected && typeof target.focus === 'function') target.focus();
        else (document.activeElement as HTMLElement | null)?.blur?.();
      }
      columnOpen = open;
      sendResponse({ ok: true });
    } else if (message?.type === 'panel/reveal') {
      sendResponse({ ok: highlighter.reveal(message.id) });
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage as never);
  parts.add({ destroy: () => browser.runtime.onMessage.removeListener(onMessage as never) });
}
