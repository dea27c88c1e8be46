/**
 * The one walker over the text a reader sees in a page, shared by anchoring (quotes) and prompt
 * matching. Our own page parts live in shadow roots, which no walker enters, so they are never read.
 */

/** Elements whose text a reader never sees as page text. */
const SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'IFRAME',
  'OBJECT',
  'CANVAS',
  'HEAD',
  'TITLE',
]);

/** Elements that break the text flow: a separator keeps "end.</p><p>Start" two words. */
const BLOCKS = new Set(
  (
    'ADDRESS ARTICLE ASIDE BLOCKQUOTE BR CAPTION DD DETAILS DIALOG DIV DL DT FIELDSET FIGCAPTION ' +
    'FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HGROUP HR LEGEND LI MAIN NAV OL OPTION P PRE ' +
    'SECTION SUMMARY TABLE TBODY TD TFOOT TH THEAD TR UL'
  ).split(' '),
);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const isBlock = (n: Node) => n.nodeType === ELEMENT_NODE && BLOCKS.has(n.nodeName.toUpperCase());

/** A walk that can stop anywhere and go on later (an idle slice at a time). */
export interface VisibleTextWalk {
  /** The next non-empty text node in document order, or null at the end. */
  next(): Text | null;
  /** Whether a block element starts or ends between the node `next()` returned and the one before. */
  readonly breakBefore: boolean;
}

export interface WalkBounds {
  /** Where to start (inclusive; default the root's first child), e.g. the first node in view. */
  from?: Node;
  /** Where to stop (exclusive), e.g. where an earlier walk started. */
  until?: Node;
}

/** Walks the visible text under `root`, skipping scripts, styles, form fields and other unseen text. */
export function walkVisibleText(root: Node, bounds: WalkBounds = {}): VisibleTextWalk {
  let node: Node | null = bounds.from ?? root.firstChild;
  let rootText = root.nodeType === TEXT_NODE && !bounds.from ? (root as Text) : null;
  let pendingBreak = false;

  /** The node after `from`'s subtree: its next sibling, or that of the first ancestor that has one. */
  const leave = (from: Node): Node | null => {
    for (let n: Node | null = from; n && n !== root; n = n.parentNode) {
      if (isBlock(n)) pendingBreak = true;
      if (n.nextSibling) return n.nextSibling;
    }
    return null;
  };

  const walk = {
    breakBefore: false,
    next(): Text | null {
      if (rootText?.data) {
        const text = rootText;
        rootText = null;
        return text;
      }
      while (node && node !== bounds.until) {
        const current: Node = node;
        const readable =
          current.nodeType === ELEMENT_NODE && !SKIPPED.has(current.nodeName.toUpperCase());
        const text = current.nodeType === TEXT_NODE && (current as Text).data;
        if (text) {
          walk.breakBefore = pendingBreak;
          pendingBreak = false;
        } else if (readable && isBlock(current)) pendingBreak = true;
        node = readable && current.firstChild ? current.firstChild : leave(current);
        if (text) return current as Text;
      }
      node = null;
      return null;
    },
  };
  return walk;
}
