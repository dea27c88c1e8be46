// @vitest-environment happy-dom
import { expect, test } from 'vitest';
import type { IdleSlice } from './idle-slices';
import { readPageText } from './page-text';

/** Idle callbacks run at once, each with no idle time left, so the reader works its minimum slice. */
function idleNow() {
  let slices = 0;
  const idle = (work: (slice: IdleSlice) => void) => {
    slices++;
    queueMicrotask(() => work({ timeRemaining: () => 0 }));
  };
  return { idle, slices: () => slices };
}

/** A clock that moves 1 ms each time it is read. */
const ticking = () => {
  let t = 0;
  return { now: () => t++ };
};

test('title, description and body text, without scripts, styles or our own UI', async () => {
  document.head.innerHTML = '<meta name="description" content="How we review incidents">';
  document.title = 'Incident review';
  document.body.innerHTML = `
    <h1>Review   template</h1><script>var secret = "incident";</script><style>p{}</style>
    <p>Write down the timeline.</p><cop-kit-prompt></cop-kit-prompt>
    <template><p>hidden</p></template><textarea>my draft</textarea>`;
  // Our page parts keep their words in a shadow root, which the walker never enters.
  document.querySelector('cop-kit-prompt')!.attachShadow({ mode: 'open' }).innerHTML =
    '<p>Prompt text</p>';
  const { idle } = idleNow();
  expect(await readPageText(document, 50_000, idle)).toBe(
    'Incident review How we review incidents Review template Write down the timeline.',
  );
});

test('a long page is read in idle slices and stops at the limit', async () => {
  document.head.innerHTML = '';
  document.title = 'Long';
  document.body.innerHTML = Array.from(
    { length: 2_000 },
    (_, i) => `<p>Paragraph ${i} text.</p>`,
  ).join('');
  const { idle, slices } = idleNow();
  const text = await readPageText(document, 5_000, idle, ticking());
  expect(text).toHaveLength(5_000);
  expect(text.startsWith('Long Paragraph 0 text. Paragraph 1 text.')).toBe(true);
  // With a 3 ms minimum slice and a clock at 1 ms per read, no slice took more than a few nodes.
  expect(slices()).toBeGreaterThan(50);
  // Nothing past the limit was read: the last paragraphs are not there.
  expect(text).not.toContain('Paragraph 1999');
});

test('a page without a body still gives its title', async () => {
  const doc = document.implementation.createHTMLDocument();
  doc.title = 'Only a title';
  doc.body.remove();
  const { idle } = idleNow();
  expect(await readPageText(doc, 50_000, idle)).toBe('Only a title');
});

test('in a scrolled page, the text in view is read first, then the rest', async () => {
  document.head.innerHTML = '';
  document.title = 'Runbook';
  document.body.innerHTML =
    '<h1>Contents</h1><p>Step one.</p><p id="view">Step two, <b>in view</b>.</p><p>Step three.</p>';
  const inView = document.getElementById('view')!;
  const scrolled = { scrollY: window.scrollY, elementFromPoint: document.elementFromPoint };
  Object.defineProperty(window, 'scrollY', { value: 400, configurable: true });
  document.elementFromPoint = () => inView;
  try {
    const { idle } = idleNow();
    expect(await readPageText(document, 50_000, idle)).toBe(
      'Runbook Step two, in view . Step three. Contents Step one.',
    );
    // When the limit cuts, what is cut is out of view.
    expect(await readPageText(document, 30, idle)).toBe('Runbook Step two, in view . St');
  } finally {
    Object.defineProperty(window, 'scrollY', { value: scrolled.scrollY, configurable: true });
    document.elementFromPoint = scrolled.elementFromPoint;
  }
});
