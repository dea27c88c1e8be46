/** The host page's text selection, as a quote the store accepts (same shape the extension captures). */
import { describeQuote } from '../src/core/anchoring';
import { LIMITS } from '../src/core/limits';
import type { Quote } from '../src/core/types';
import { actionableRange } from '../src/ui/actionable-selection';

/** The page's current selection, if it can be captured or asked about (the extension's rule too). */
export function pageSelection(doc: Document = document): Range | null {
  return actionableRange(doc.getSelection());
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
