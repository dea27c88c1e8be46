/** The host page's text selection, as a quote the store accepts (same shape the extension captures). */
import { describeQuote } from '../src/core/anchoring';
import { LIMITS } from '../src/core/limits';
import type { Quote } from '../src/core/types';
import { WIDGET_TAGS } from './sizes';

/** The page's current selection, unless it is empty or inside one of our own elements. */
export function pageSelection(doc: Document = document): Range | null {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const node = range.commonAncestorContainer;
  const element = node instanceof Element ? node : node.parentElement;
  if (!range.toString().trim() || element?.closest(WIDGET_TAGS.join(','))) return null;
  return range.cloneRange();
}

/** The quote for `range`, with a little context either side (describeQuote keeps the store's limits). */
export function quoteOf(range: Range, doc: Document = document): Quote | null {
  const quote = describeQuote(doc.body ?? doc.documentElement, range);
  return quote.exact ? quote : null;
}

/** The page's address if the store can keep it (http or https), else undefined. */
export function pageUrl(loc: Location = location): string | undefined {
  return /^https?:$/.test(loc.protocol) ? loc.href.slice(0, LIMITS.url) : undefined;
}
