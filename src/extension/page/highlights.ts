/**
 * Highlights of practices captured from this page, found again by their quote. Uses the CSS Custom
 * Highlight API, which paints ranges without touching the page's DOM; older browsers get wrappers.
 * The page's text is read in idle slices, so a long page is never held up while it is anchored.
 */
import {
  anchorQuotes,
  type PageText,
  pageTextReader,
  type QuoteToFind,
} from '../../core/anchoring';
import { type IdleScheduler, inIdleSlices } from './idle-slices';
import type { PagePart } from './page-host';

export const HIGHLIGHT_NAME = 'cop-kit-practice';
const WRAPPER_TAG = 'cop-kit-highlight';
const STYLE_ATTR = 'data-cop-kit-highlights';
const COLOR = 'rgba(250, 204, 21, 0.45)';

export interface HighlightTarget {
  id: string;
  quote: QuoteToFind;
}

export interface Highlighter extends PagePart {
  /**
   * Anchors every target in the page and paints those found; resolves to the range per id (null:
   * not found). A newer `show` or `clear` makes an unfinished one paint nothing.
   */
  show(targets: HighlightTarget[]): Promise<Map<string, Range | null>>;
  /** Scrolls a found highlight into view and selects it, so keyboard and screen-reader users land on it. */
  reveal(id: string): boolean;
  clear(): void;
}

type HighlightCtor = new (...ranges: Range[]) => unknown;
interface HighlightRegistry {
  set(name: string, highlight: unknown): void;
  delete(name: string): void;
}

function customHighlights(
  win: Window,
): { registry: HighlightRegistry; Highlight: HighlightCtor } | null {
  const registry = (win as unknown as { CSS?: { highlights?: HighlightRegistry } }).CSS?.highlights;
  const Highlight = (win as unknown as { Highlight?: HighlightCtor }).Highlight;
  return registry && Highlight ? { registry, Highlight } : null;
}

/** The text nodes a range covers, split at its ends so each can be wrapped whole. */
function textNodesIn(range: Range): Text[] {
  const doc = range.startContainer.ownerDocument ?? document;
  if (range.startContainer.nodeType === 3 && range.startOffset > 0) {
    const split = (range.startContainer as Text).splitText(range.startOffset);
    if (range.endContainer === range.startContainer) {
      range.setEnd(split, range.endOffset - range.startOffset);
    }
    range.setStart(split, 0);
  }
  if (range.endContainer.nodeType === 3) {
    const end = range.endContainer as Text;
    if (range.endOffset < end.length) end.splitText(range.endOffset);
  }
  const root = range.commonAncestorContainer;
  if (root.nodeType === 3) return [root as Text];
  const nodes: Text[] = [];
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (range.intersectsNode(node) && node.nodeValue?.trim()) nodes.push(node as Text);
    if (node === range.endContainer) break;
  }
  return nodes;
}

/** Runs the work at once, in one slice (unit tests, and a page with nothing else to do). */
const now: IdleScheduler = (work) => work({ timeRemaining: () => Number.POSITIVE_INFINITY });

export function createHighlighter(doc: Document, idle: IdleScheduler = now): Highlighter {
  const win = doc.defaultView ?? window;
  const api = customHighlights(win);
  let ranges = new Map<string, Range | null>();
  let wrappers: HTMLElement[] = [];

  function ensureStyle() {
    if (!api || doc.querySelector(`style[${STYLE_ATTR}]`)) return;
    const style = doc.createElement('style');
    style.setAttribute(STYLE_ATTR, '');
    // Only our named highlight is styled: the page's own look is untouched.
    style.textContent = `::highlight(${HIGHLIGHT_NAME}){background-color:${COLOR};}`;
    (doc.head ?? doc.documentElement).append(style);
  }

  /** Counts shows and clears: an anchoring that is no longer the latest stops. */
  let turn = 0;

  function clear() {
    turn++;
    api?.registry.delete(HIGHLIGHT_NAME);
    for (const wrapper of wrappers) {
      const parent = wrapper.parentNode;
      if (!parent) continue;
      while (wrapper.firstChild) parent.insertBefore(wrapper.firstChild, wrapper);
      wrapper.remove();
      parent.normalize();
    }
    wrappers = [];
    ranges = new Map();
    doc.querySelector(`style[${STYLE_ATTR}]`)?.remove();
  }

  return {
    async show(targets) {
      clear();
      const mine = turn;
      const root = doc.body ?? doc.documentElement;
      const read = pageTextReader(root);
      let page: PageText | null = null;
      await inIdleSlices(idle, (more) => {
        if (mine !== turn) return true;
        page = read(more);
        return page !== null;
      });
      if (mine !== turn || !page) return new Map(targets.map((t) => [t.id, null]));
      const anchored = anchorQuotes(
        root,
        targets.map((t) => t.quote),
        page,
      );
      targets.forEach((target, i) => {
        ranges.set(target.id, anchored[i] ?? null);
      });
      const found = [...ranges.values()].filter((r): r is Range => r !== null);
      if (found.length === 0) return ranges;
      if (api) {
        ensureStyle();
        api.registry.set(HIGHLIGHT_NAME, new api.Highlight(...found));
      } else {
        for (const range of found) {
          for (const node of textNodesIn(range)) {
            const mark = doc.createElement(WRAPPER_TAG);
            mark.style.setProperty('background-color', COLOR, 'important');
            mark.style.setProperty('display', 'inline', 'important');
            node.parentNode?.insertBefore(mark, node);
            mark.append(node);
            wrappers.push(mark);
          }
        }
      }
      return ranges;
    },
    reveal(id) {
      const range = ranges.get(id);
      if (!range) return false;
      const element =
        range.startContainer.nodeType === 1
          ? (range.startContainer as Element)
          : range.startContainer.parentElement;
      element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      const selection = doc.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range.cloneRange());
      return true;
    },
    clear,
    destroy: clear,
  };
}
