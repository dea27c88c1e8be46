/** The page's readable text, for matching the community's prompts inside the browser. */
import { walkVisibleText } from '../../core/visible-text';
import { type IdleScheduler, inIdleSlices } from './idle-slices';

/** Title and meta description: always read, whatever the limit. */
function heading(doc: Document): string[] {
  const parts = doc.title ? [doc.title] : [];
  const description = doc.querySelector('meta[name="description"]')?.getAttribute('content');
  if (description) parts.push(description);
  return parts;
}

/** An element near the top of the viewport in a scrolled page (null: the page's start is in view). */
function firstInView(doc: Document, body: HTMLElement): Element | null {
  const win = doc.defaultView;
  if (!win || win.scrollY <= 0 || typeof doc.elementFromPoint !== 'function') return null;
  // A quarter down, below any fixed header the page keeps at the top.
  const hit = doc.elementFromPoint(win.innerWidth / 2, win.innerHeight / 4);
  return hit && hit !== body && body.contains(hit) ? hit : null;
}

/**
 * Title, meta description and body text (the visible-text walker's), whitespace collapsed, at most
 * `max` characters. The text in view comes first, then the rest; it is read in idle slices, so a
 * long page never blocks the main thread, and reading stops at `max`.
 */
export function readPageText(
  doc: Document,
  max: number,
  idle: IdleScheduler,
  clock: { now(): number } = performance,
): Promise<string> {
  const parts = heading(doc);
  let length = parts.join(' ').length;
  const body = doc.body;
  const done = () => Promise.resolve(parts.join(' ').slice(0, max));
  if (!body || length >= max) return done();
  const top = firstInView(doc, body);
  const walks = top
    ? [walkVisibleText(body, { from: top }), walkVisibleText(body, { until: top })]
    : [walkVisibleText(body)];
  return inIdleSlices(
    idle,
    (more) => {
      do {
        const walk = walks[0];
        if (!walk) return true;
        const node = walk.next();
        if (!node) {
          walks.shift();
          continue;
        }
        const text = node.data.replace(/\s+/g, ' ').trim();
        if (text) {
          parts.push(text);
          length += text.length + 1;
          if (length >= max) return true;
        }
      } while (more());
      return false;
    },
    clock,
  ).then(done);
}
