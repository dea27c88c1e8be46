/**
 * DOM text positions for anchoring: the text a reader sees under a root as one string, and the
 * way between offsets in that string and DOM boundary points (text nodes, ranges). Pure: the DOM
 * comes in as a parameter.
 */
import { walkVisibleText } from '../visible-text';
import { isIgnorable } from './folding';

const TEXT_NODE = 3;
const FOLLOWING = 4;
const CONTAINED_BY = 16;

/** The text a reader sees under `root`, and which text node each part came from. */
export interface PageText {
  text: string;
  nodes: Text[];
  /** `starts[i]` is where `nodes[i]` begins in `text`; separators sit between nodes. */
  starts: number[];
}

/**
 * Reads the page text under `root` a part at a time: each call reads on while `more()` holds and
 * gives the whole text once the walk has ended (null: call again, e.g. in the next idle slice).
 */
export function pageTextReader(root: Node): (more?: () => boolean) => PageText | null {
  const walk = walkVisibleText(root);
  const parts: string[] = [];
  const nodes: Text[] = [];
  const starts: number[] = [];
  let length = 0;
  let endsInSpace = true;
  return (more = () => true) => {
    do {
      const t = walk.next();
      if (!t) return { text: parts.join(''), nodes, starts };
      if (walk.breakBefore && !endsInSpace) {
        parts.push('\n');
        length++;
      }
      nodes.push(t);
      starts.push(length);
      parts.push(t.data);
      length += t.data.length;
      endsInSpace = isIgnorable(t.data.charCodeAt(t.data.length - 1));
    } while (more());
    return null;
  };
}

/** The whole page text under `root`, read in one go. */
export const readPageText = (root: Node): PageText => pageTextReader(root)()!;

/** Index of the first text node for which `isAtOrAfter` holds (they are in document order). */
function firstNode(page: PageText, isAtOrAfter: (t: Text) => boolean): number {
  let lo = 0;
  let hi = page.nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAtOrAfter(page.nodes[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Offset in the page text of a DOM boundary point (a range's start or end). */
export function textOffset(page: PageText, container: Node, offset: number): number {
  const at = (i: number) => (i < page.nodes.length ? page.starts[i]! : page.text.length);
  if (container.nodeType === TEXT_NODE) {
    const i = page.nodes.indexOf(container as Text);
    if (i !== -1) return page.starts[i]! + Math.min(offset, (container as Text).data.length);
  }
  const child = container.nodeType === TEXT_NODE ? container : container.childNodes[offset];
  if (child) {
    return at(
      firstNode(page, (t) => t === child || !!(child.compareDocumentPosition(t) & FOLLOWING)),
    );
  }
  // After the container's last child: the first text node past the container.
  return at(
    firstNode(
      page,
      (t) => (container.compareDocumentPosition(t) & (FOLLOWING | CONTAINED_BY)) === FOLLOWING,
    ),
  );
}

/**
 * The DOM range over `page.text[start, end)`, which must start and end on characters of text
 * nodes (not on a separator between them); `root` gives the document to make it in.
 */
export function textRange(root: Node, page: PageText, start: number, end: number): Range {
  // The text node holding character `index`.
  const locate = (index: number): [Text, number] => {
    let lo = 0;
    let hi = page.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (page.starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return [page.nodes[lo]!, index - page.starts[lo]!];
  };
  const doc = root.ownerDocument ?? (root as Document);
  const range = doc.createRange();
  const [startNode, startOffset] = locate(start);
  const [endNode, lastOffset] = locate(end - 1);
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, lastOffset + 1);
  return range;
}
