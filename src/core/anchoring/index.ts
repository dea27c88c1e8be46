/**
 * Text anchoring: builds a W3C TextQuoteSelector from a selection and finds it again in a page
 * that moved or changed a little. In parts, as hypothesis/client's `annotator/anchoring` is:
 * - `folding`: what matching ignores (whitespace, invisible and typographic variants), with a map
 *   back to the original offsets;
 * - `fuzzy-match`: where a pattern sits within a number of edits (bit-parallel), edit distance;
 * - `text-position`: the page's visible text, and offsets in it ↔ DOM boundary points and ranges;
 * - `quote-selector`: describing a selection as `{exact, prefix, suffix}` and finding it again,
 *   letting context choose between candidates.
 */
export { type FoldedText, foldText, normalizeWhitespace } from './folding';
export {
  anchorQuote,
  anchorQuotes,
  describeQuote,
  findQuoteInText,
  type QuoteToFind,
  type TextMatch,
  type TextQuote,
} from './quote-selector';
export { type PageText, pageTextReader } from './text-position';
