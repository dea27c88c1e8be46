// @vitest-environment happy-dom
import { afterEach, expect, test, vi } from 'vitest';
import { createHighlighter, HIGHLIGHT_NAME } from './highlights';
import type { IdleSlice } from './idle-slices';

const ORIGINAL =
  '<p>Note that tokens issued in the last hour stay valid only if published.</p>' +
  '<p id="rule">Always publish first, so that <em>tokens</em> issued in the last hour stay valid while clients refresh.</p>';
const quote = {
  exact: 'tokens issued in the last hour stay valid',
  prefix: 'Always publish first, so that ',
  suffix: ' while clients refresh.',
};

afterEach(() => {
  vi.unstubAllGlobals();
});

test('without the Custom Highlight API, wrappers mark the quote and are removed again', async () => {
  document.body.innerHTML = ORIGINAL;
  const highlighter = createHighlighter(document);
  const found = await highlighter.show([
    { id: 'p1', quote },
    { id: 'gone', quote: { exact: 'text that is not on the page' } },
  ]);
  expect(found.get('gone')).toBeNull();
  const marks = [...document.querySelectorAll('cop-kit-highlight')];
  expect(marks.map((m) => m.textContent).join('')).toBe(quote.exact);
  // The quote was found in the paragraph its context points to, not the look-alike before it.
  expect(marks.every((m) => m.closest('#rule'))).toBe(true);

  highlighter.clear();
  expect(document.body.innerHTML).toBe(ORIGINAL);
});

test('with the Custom Highlight API, the page DOM is untouched but for one style rule', async () => {
  document.body.innerHTML = ORIGINAL;
  const registry = new Map<string, { ranges: Range[] }>();
  vi.stubGlobal(
    'Highlight',
    class {
      ranges: Range[];
      constructor(...ranges: Range[]) {
        this.ranges = ranges;
      }
    },
  );
  (window as unknown as { CSS: object }).CSS = { highlights: registry };
  const highlighter = createHighlighter(document);
  const found = await highlighter.show([{ id: 'p1', quote }]);
  expect(found.get('p1')?.toString()).toBe(quote.exact);
  expect(registry.get(HIGHLIGHT_NAME)?.ranges.map((r) => r.toString())).toEqual([quote.exact]);
  expect(document.body.innerHTML).toBe(ORIGINAL);
  expect(document.querySelector('style[data-cop-kit-highlights]')?.textContent).toContain(
    `::highlight(${HIGHLIGHT_NAME})`,
  );

  expect(highlighter.reveal('p1')).toBe(true);
  expect(getSelection()?.toString()).toBe(quote.exact);
  highlighter.clear();
  expect(registry.has(HIGHLIGHT_NAME)).toBe(false);
  expect(document.querySelector('style[data-cop-kit-highlights]')).toBeNull();
  delete (window as unknown as { CSS?: object }).CSS;
});

test('anchoring waits for idle time, and a newer show wins over an unfinished one', async () => {
  document.body.innerHTML = ORIGINAL;
  const waiting: ((slice: IdleSlice) => void)[] = [];
  const highlighter = createHighlighter(document, (work) => waiting.push(work));
  const first = highlighter.show([{ id: 'old', quote }]);
  const second = highlighter.show([{ id: 'p1', quote }]);
  // Nothing is read or painted until the browser is idle.
  expect(document.querySelector('cop-kit-highlight')).toBeNull();
  while (waiting.length > 0) waiting.shift()!({ timeRemaining: () => 50 });
  expect((await first).get('old')).toBeNull();
  expect((await second).get('p1')?.toString()).toBe(quote.exact);
  const marks = [...document.querySelectorAll('cop-kit-highlight')];
  expect(marks.map((m) => m.textContent).join('')).toBe(quote.exact);
  highlighter.destroy();
  expect(document.body.innerHTML).toBe(ORIGINAL);
});
