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
  /** Registers a listener that is removed when the script is torn down. */
  listen: <K extends keyof WindowEventMap>(
    type: K,
    handler: (event: WindowEventMap[K]) => void,
  ) => void;
}

export const TOOLBAR_TAG = 'cop-kit-toolbar';

// `:host` rules with !important beat any page rule on our host; nothing outside reaches inside.
const CSS = `:host{all:initial!important;position:absolute!important;top:0!important;left:0!important;width:0!important;height:0!important;overflow:visible!important;display:block!important;z-index:2147483647!important;margin:0!important;padding:0!important;border:0!important;transform:none!important;visibility:visible!important;opacity:1!important;pointer-events:none!important}
.bar{position:absolute;display:flex;gap:4px;padding:4px;margin:0;background:#fff;color:#1a1a1a;border:1px solid #6b7280;border-radius:8px;box-shadow:0 2px 10px rgba(0,0,0,.18);font:600 13px/1.2 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;white-space:nowrap;pointer-events:auto}
.bar[hidden]{display:none}
button{font:inherit;color:inherit;background:transparent;border:0;border-radius:6px;padding:6px 8px;margin:0;cursor:pointer;display:inline-block}
button:hover{background:#e5e7eb}
button:focus-visible{outline:2px solid #1d4ed8;outline-offset:1px}
@media (prefers-color-scheme:dark){.bar{background:#1f2937;color:#f3f4f6;border-color:#9ca3af}button:hover{background:#374151}button:focus-visible{outline-color:#93c5fd}}`;

/** The selected range worth offering actions for, or null (collapsed, blank, in a form field or in our own UI). */
export function actionableRange(selection: Selection | null): Range | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  if (!selection.toString().trim()) return null;
  const range = selection.getRangeAt(0);
  const node = range.commonAncestorContainer;
  const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
  if (!element || element.closest('input,textarea,[contenteditable=""],[contenteditable="true"]')) {
    return null;
  }
  // Selections inside a shadow root are our panel's (or a widget's): not page content to capture.
  if (node.getRootNode() !== element.ownerDocument) return null;
  return range;
}

/**
 * Starts watching selections; returns the teardown. The toolbar's DOM (and its labels) are made at
 * the first selection worth acting on: most page loads never need them.
 */
export function createSelectionToolbar(doc: Document, options: ToolbarOptions): () => void {
  const win = doc.defaultView ?? window;
  let ui: { host: HTMLElement; bar: HTMLElement } | null = null;
  let current: Range | null = null;
  let pending = 0;
  let destroyed = false;

  function build(): { host: HTMLElement; bar: HTMLElement } {
    if (ui) return ui;
    const labels = typeof options.labels === 'function' ? options.labels() : options.labels;
    const host = doc.createElement(TOOLBAR_TAG);
    const shadow = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = CSS;
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
        const range = current ?? actionableRange(doc.getSelection());
        hide();
        if (range) options.onAction(action, range);
      });
      bar.append(button);
    }
    shadow.append(style, bar);
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
    if (inToolbar(event)) return;
    check();
  });
  options.listen('keyup', (event) => {
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

  return () => {
    destroyed = true;
    win.clearTimeout(pending);
    doc.removeEventListener('selectionchange', onSelectionChange);
    ui?.host.remove();
  };
}
