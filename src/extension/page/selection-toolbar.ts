import { actionableRange } from '../../ui/actionable-selection';
import { createPageHost, type PagePart } from './page-host';
import css from './selection-toolbar.css?inline';

/**
 * The tiny toolbar shown by a text selection: Capture as practice / Ask the community. Plain DOM in
 * its own shadow root, positioned in document coordinates so it scrolls with the page at no cost.
 */

export interface ToolbarLabels {
  toolbar: string;
  capture: string;
  ask: string;
}

export interface ToolbarOptions {
  /** The words, or a function that gives them when the toolbar is first shown. */
  labels: ToolbarLabels | (() => ToolbarLabels);
  /** Called with the selected range when the person picks an action. */
  onAction: (action: 'capture' | 'ask', range: Range) => void;
  /** Whether an event is a person's (default: `isTrusted`); unit tests, whose clicks are synthetic, say yes. */
  trusted?: (event: Event) => boolean;
  /** Registers a listener that is removed when the script is torn down. */
  listen: <K extends keyof WindowEventMap>(
    type: K,
    handler: (event: WindowEventMap[K]) => void,
  ) => void;
}

export const TOOLBAR_TAG = 'cop-kit-toolbar';

/**
 * Starts watching selections. The toolbar's DOM (and its labels) are made at the first selection
 * worth acting on: most page loads never need them.
 */
export function createSelectionToolbar(doc: Document, options: ToolbarOptions): PagePart {
  const trusted = options.trusted ?? ((event: Event) => event.isTrusted);
  const win = doc.defaultView ?? window;
  let ui: { host: HTMLElement; bar: HTMLElement } | null = null;
  let current: Range | null = null;
  let pending = 0;
  let destroyed = false;

  function build(): { host: HTMLElement; bar: HTMLElement } {
    if (ui) return ui;
    const labels = typeof options.labels === 'function' ? options.labels() : options.labels;
    // Open: it holds only the two action names, and the person's tools (and tests) may read it.
    const { host, root: shadow } = createPageHost(doc, { tag: TOOLBAR_TAG, css, mode: 'open' });
    const bar = doc.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', labels.toolbar);
    bar.hidden = true;
    for (const action of ['capture', 'ask'] as const) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = labels[action];
      // Keep the page's selection when the toolbar is pressed.
      button.addEventListener('mousedown', (event) => event.preventDefault());
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        // Only a person's click acts: a page script's synthetic click opens nothing.
        if (!trusted(event)) return;
        const range = current ?? actionableRange(doc.getSelection());
        hide();
        if (range) options.onAction(action, range);
      });
      bar.append(button);
    }
    shadow.append(bar);
    ui = { host, bar };
    return ui;
  }

  const hide = () => {
    if (ui) ui.bar.hidden = true;
    current = null;
  };

  const show = (range: Range) => {
    if (destroyed) return;
    const { host, bar } = build();
    const rects = range.getClientRects();
    const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
    if (!host.isConnected) doc.documentElement.append(host);
    current = range;
    bar.hidden = false;
    // Keep the bar inside the viewport so it never widens the page.
    const width = bar.offsetWidth;
    const left = Math.max(4, Math.min(last.right - width / 2, win.innerWidth - width - 20));
    const below = last.bottom + 8 + bar.offsetHeight < win.innerHeight;
    const top = below ? last.bottom + 8 : Math.max(4, last.top - bar.offsetHeight - 8);
    bar.style.left = `${Math.round(left + win.scrollX)}px`;
    bar.style.top = `${Math.round(top + win.scrollY)}px`;
  };

  // Evaluate after the browser has updated the selection for this gesture.
  const check = () => {
    win.clearTimeout(pending);
    pending = win.setTimeout(() => {
      const range = actionableRange(doc.getSelection());
      if (range) show(range);
      else hide();
    }, 10);
  };

  const inToolbar = (event: Event) => ui !== null && event.composedPath().includes(ui.host);
  options.listen('mouseup', (event) => {
    if (!trusted(event) || inToolbar(event)) return;
    check();
  });
  options.listen('keyup', (event) => {
    if (!trusted(event)) return;
    if (event.key === 'Escape') return hide();
    if (
      event.shiftKey ||
      event.key === 'Shift' ||
      (event.key === 'a' && (event.ctrlKey || event.metaKey))
    ) {
      check();
    }
  });
  options.listen('mousedown', (event) => {
    if (!inToolbar(event)) hide();
  });

  const onSelectionChange = () => {
    if (ui && !ui.bar.hidden && doc.getSelection()?.isCollapsed) hide();
  };
  doc.addEventListener('selectionchange', onSelectionChange);

  return {
    destroy() {
      destroyed = true;
      win.clearTimeout(pending);
      doc.removeEventListener('selectionchange', onSelectionChange);
      ui?.host.remove();
    },
  };
}
