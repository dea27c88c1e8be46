/** The page's readable text, for matching the community's prompts inside the browser. */

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME']);

/** The part of an idle callback's deadline the reader uses. */
export interface IdleSlice {
  timeRemaining(): number;
}

/** Runs `work` when the browser is idle (e.g. the content script context's `requestIdleCallback`). */
export type IdleScheduler = (work: (slice: IdleSlice) => void) => void;

/** Leaves this much of each idle period to the browser. */
const SLICE_MARGIN_MS = 1;
/** Works at least this long per slice, so a page that is never idle (the callback timed out) still gets read. */
const MIN_SLICE_MS = 3;

function textWalker(doc: Document, body: HTMLElement): TreeWalker {
  return doc.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.nodeType === 1
        ? SKIP.has((node as Element).tagName.toUpperCase()) ||
          (node as Element).tagName.startsWith('COP-KIT')
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_SKIP
        : NodeFilter.FILTER_ACCEPT,
  });
}

/** Title and meta description: always read, whatever the limit. */
function heading(doc: Document): string[] {
  const parts = doc.title ? [doc.title] : [];
  const description = doc.querySelector('meta[name="description"]')?.getAttribute('content');
  if (description) parts.push(description);
  return parts;
}

/**
 * Title, meta description and body text (without scripts, styles and our own UI), whitespace
 * collapsed, at most `max` characters. Read in idle slices so a long page never blocks the main
 * thread: the walk pauses whenever the idle period runs out, resumes in the next one, and stops at `max`.
 */
export function readPageText(
  doc: Document,
  max: number,
  idle: IdleScheduler,
  clock: { now(): number } = performance,
): Promise<string> {
  return new Promise((resolve) => {
    const parts = heading(doc);
    let length = parts.join(' ').length;
    const body = doc.body;
    if (!body || length >= max) return resolve(parts.join(' ').slice(0, max));
    const walker = textWalker(doc, body);
    const slice = (deadline: IdleSlice) => {
      const until =
        clock.now() + Math.max(deadline.timeRemaining() - SLICE_MARGIN_MS, MIN_SLICE_MS);
      do {
        const node = walker.nextNode();
        if (!node) return resolve(parts.join(' ').slice(0, max));
        const text = node.nodeValue?.replace(/\s+/g, ' ').trim();
        if (text) {
          parts.push(text);
          length += text.length + 1;
          if (length >= max) return resolve(parts.join(' ').slice(0, max));
        }
      } while (clock.now() < until);
      idle(slice);
    };
    idle(slice);
  });
}
