/**
 * Whether a selection in a page can be captured or asked about: the one rule for the extension's
 * toolbar and the `<cop-capture>` / `<cop-ask>` widgets.
 */

/** Where a person types: what they write there is theirs, not page content. */
const FORM_FIELDS = 'input,textarea,select,[contenteditable=""],[contenteditable="true"]';

/** Elements named `cop-…` are ours: the extension's page parts and the widgets. */
function insideOurElement(element: Element): boolean {
  for (let e: Element | null = element; e; e = e.parentElement) {
    if (e.tagName.startsWith('COP-')) return true;
  }
  return false;
}

/**
 * A copy of the selected range worth acting on, or null: nothing selected, only blanks, in a form
 * field, in a shadow root (our panel's or a widget's) or in one of our own elements.
 */
export function actionableRange(selection: Selection | null): Range | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  if (!selection.toString().trim()) return null;
  const range = selection.getRangeAt(0);
  const node = range.commonAncestorContainer;
  const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
  if (!element || element.closest(FORM_FIELDS) || insideOurElement(element)) return null;
  if (node.getRootNode() !== element.ownerDocument) return null;
  return range.cloneRange();
}
