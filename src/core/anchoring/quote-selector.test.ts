// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDITED_PAGE_QUOTE, PAGE_QUOTE, pageWithQuote } from '../testing/large-texts';
import { foldText, normalizeWhitespace } from './folding';
import { anchorQuote, anchorQuotes, describeQuote, findQuoteInText } from './quote-selector';

const at = (text: string, m: { start: number; end: number } | null) =>
  m ? text.slice(m.start, m.end) : null;

describe('findQuoteInText', () => {
  const page =
    'Release checklist. Before every deploy, run the smoke tests against staging and ' +
    'post the results in the release channel. If a test fails, stop and page the on-call ' +
    'engineer. After the deploy, watch the error dashboard for fifteen minutes.';

  it('finds an exact quote and returns its offsets', () => {
    const m = findQuoteInText(page, { exact: 'run the smoke tests against staging' });
    expect(at(page, m)).toBe('run the smoke tests against staging');
    expect(m?.score).toBe(1);
  });

  it('ignores whitespace and typographic differences', () => {
    const text = 'Don\u2019t   deploy\n\n  on a\u00a0Friday \u2014 ever.';
    const m = findQuoteInText(text, { exact: "Don't deploy on a Friday - ever." });
    expect(m).toMatchObject({ start: 0, end: text.length, score: 1 });
  });

  it('uses the prefix to choose the second of two occurrences', () => {
    const text =
      'Step one: restart the worker. Step two: drain the queue, then restart the worker.';
    const m = findQuoteInText(text, {
      exact: 'restart the worker',
      prefix: 'drain the queue, then ',
      suffix: '.',
    });
    expect(m?.start).toBe(text.lastIndexOf('restart the worker'));
  });

  it('uses the suffix when the prefix does not help', () => {
    const text = 'Check logs for errors. Check logs for warnings.';
    const m = findQuoteInText(text, { exact: 'Check logs', suffix: 'for warnings' });
    expect(m?.start).toBe(text.lastIndexOf('Check logs'));
  });

  it('still finds a quote after a small edit inside it', () => {
    const edited = page.replace('smoke tests', 'smoke-test suite');
    const m = findQuoteInText(edited, {
      exact: 'run the smoke tests against staging and post the results',
    });
    expect(at(edited, m)).toBe('run the smoke-test suite against staging and post the results');
    expect(m!.score).toBeGreaterThan(0.8);
    expect(m!.score).toBeLessThan(1);
  });

  it('tolerates a typo fixed since capture', () => {
    const m = findQuoteInText(page, {
      exact: 'If a tset fails, stop and page the on-cal engineer',
    });
    expect(at(page, m)).toBe('If a test fails, stop and page the on-call engineer');
  });

  it('handles characters outside the Basic Multilingual Plane in fuzzy matches', () => {
    const text = 'Status: 🚀 launched the new onboarding flow 🎉 yesterday.';
    const m = findQuoteInText(text, { exact: '🚀 launchd the new onboarding flow 🎉' });
    expect(at(text, m)).toBe('🚀 launched the new onboarding flow 🎉');
    expect(m!.score).toBeGreaterThan(0.95);
  });

  it('finds any piece of a text, and a piece with one edit where it was', () => {
    const letters = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz  '),
      minLength: 60,
      maxLength: 400,
    });
    fc.assert(
      fc.property(
        letters,
        fc.nat(),
        fc.integer({ min: 20, max: 50 }),
        fc.nat(),
        (text, from, len, where) => {
          const start = from % (text.length - len);
          const piece = text.slice(start, start + len);
          if (!piece.trim()) return;
          const m = findQuoteInText(text, { exact: piece });
          expect(foldText(at(text, m)!).folded).toBe(foldText(piece).folded);

          const folded = foldText(piece).folded;
          if (folded.length < 20) return;
          const i = where % folded.length;
          const edited = `${folded.slice(0, i)}Q${folded.slice(i + 1)}`;
          const found = findQuoteInText(text, { exact: edited });
          expect(found).not.toBeNull();
          // Overlaps where the piece was (or an identical copy of it).
          const copies = [...text.matchAll(/./gs)]
            .map((c) => c.index)
            .filter((p) => text.startsWith(piece, p));
          expect(copies.some((p) => found!.start < p + len && found!.end > p)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns null when nothing close is left', () => {
    expect(
      findQuoteInText(page, { exact: 'rotate the database credentials quarterly' }),
    ).toBeNull();
    expect(findQuoteInText(page, { exact: '   ' })).toBeNull();
    expect(findQuoteInText('', { exact: 'anything' })).toBeNull();
  });

  it('does not stretch a short quote onto a different word', () => {
    expect(findQuoteInText('The headline was wrong.', { exact: 'deadline' })).toBeNull();
  });

  // How long this takes is a figure of `npm run bench -- --only=core`, not a test.
  it('anchors exact and edited quotes in a 200 KB page text', () => {
    const text = pageWithQuote();
    expect(text.length).toBeGreaterThan(200_000);
    expect(at(text, findQuoteInText(text, { exact: PAGE_QUOTE }))).toBe(PAGE_QUOTE);
    const fuzzy = findQuoteInText(foldText(text), { exact: EDITED_PAGE_QUOTE });
    expect(at(text, fuzzy)).toBe(PAGE_QUOTE);
  });

  it('finds long quotes with edits in a large text through seeds', () => {
    const words = Array.from({ length: 30_000 }, (_, i) => `w${(i * 7919) % 10007}`).join(' ');
    const quote = Array.from({ length: 60 }, (_, i) => `sentence${i} of the captured section`).join(
      ' ',
    );
    const text = `${words.slice(0, 90_000)} ${quote} ${words.slice(90_000)}`;
    const changed = quote
      .replace('sentence10', 'phrase10')
      .replace('sentence40 of', 'sentence40 in');
    const m = findQuoteInText(text, { exact: changed });
    expect(at(text, m)).toBe(quote);
  });
});

/** Selects `needle` (its `occurrence`-th appearance) in the text of `root`, across elements. */
function select(root: Node, needle: string, occurrence = 0): Range {
  const texts: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  const full = texts.map((t) => t.data).join('');
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = full.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`"${needle}" not in page`);
  const point = (offset: number, isEnd: boolean): [Text, number] => {
    let seen = 0;
    for (const t of texts) {
      const len = t.data.length;
      if (offset < seen + len || (isEnd && offset === seen + len)) return [t, offset - seen];
      seen += len;
    }
    throw new Error('offset out of range');
  };
  const range = document.createRange();
  range.setStart(...point(index, false));
  range.setEnd(...point(index + needle.length, true));
  return range;
}

function mount(html: string): HTMLElement {
  const root = document.createElement('main');
  root.innerHTML = html;
  document.body.replaceChildren(root);
  return root;
}

describe('describeQuote and anchorQuote on a page', () => {
  const article = `
    <h1>On-call handbook</h1>
    <p>When an alert fires, acknowledge it within <b>five minutes</b> and open an
       <a href="/incidents">incident channel</a> before you start debugging.</p>
    <p>Write down what you tried. The timeline matters more than the fix.</p>`;

  it('describes a selection spanning several elements, with context', () => {
    const root = mount(article);
    const quote = describeQuote(root, select(root, 'five minutes and open an\n       incident'));
    expect(quote.exact).toBe('five minutes and open an incident');
    expect(quote.prefix).toBe('ert fires, acknowledge it within');
    expect(quote.suffix).toBe('channel before you start debuggi');
    expect(quote.prefix.length).toBeLessThanOrEqual(32);

    const range = anchorQuote(root, quote);
    expect(normalizeWhitespace(range!.toString())).toBe(quote.exact);
    expect(range!.startContainer.parentElement?.tagName).toBe('B');
    expect(range!.endContainer.parentElement?.tagName).toBe('A');
  });

  it('keeps paragraphs apart and skips scripts', () => {
    const root = mount('<p>First para.</p><p>Second para.</p><script>var secret = 1;</script>');
    const range = document.createRange();
    range.selectNodeContents(root);
    expect(describeQuote(root, range).exact).toBe('First para. Second para.');
  });

  it('describes a selection whose boundaries are elements, not text', () => {
    const root = mount('<p>alpha</p><p id="x">beta <i>gamma</i></p><p>delta</p>');
    const range = document.createRange();
    range.selectNode(root.querySelector('#x')!);
    expect(describeQuote(root, range)).toEqual({
      exact: 'beta gamma',
      prefix: 'alpha',
      suffix: 'delta',
    });
  });

  it('anchors again after text was inserted before the quote', () => {
    const root = mount(article);
    const quote = describeQuote(root, select(root, 'The timeline matters more'));
    root.insertAdjacentHTML(
      'afterbegin',
      '<div class="banner">Maintenance on Saturday: the timeline service will be down.</div>',
    );
    const range = anchorQuote(root, quote);
    expect(range?.toString()).toBe('The timeline matters more');
    expect(range?.startContainer.parentElement?.tagName).toBe('P');
  });

  it('picks the occurrence the prefix describes', () => {
    const root = mount(
      '<ul><li>Staging: <code>restart the worker</code></li>' +
        '<li>Production: drain the queue, then <code>restart the worker</code></li></ul>',
    );
    const quote = describeQuote(root, select(root, 'restart the worker', 1));
    expect(quote.prefix).toContain('drain the queue');
    const range = anchorQuote(root, quote)!;
    expect(range.toString()).toBe('restart the worker');
    expect(range.startContainer).toBe(root.querySelectorAll('code')[1]!.firstChild);
  });

  it('survives reformatting of whitespace', () => {
    const root = mount('<p>Rotate   keys\n every\n\n   <em>ninety</em> days.</p>');
    const quote = { exact: 'Rotate keys every ninety days.', prefix: '', suffix: '' };
    const range = anchorQuote(root, quote);
    expect(normalizeWhitespace(range!.toString())).toBe('Rotate keys every ninety days.');
  });

  it('anchors a quote after a small edit inside it', () => {
    const root = mount(article);
    const quote = describeQuote(root, select(root, 'Write down what you tried.'));
    root.querySelectorAll('p')[1]!.innerHTML =
      "Write down what you've tried. The timeline matters more than the fix.";
    const range = anchorQuote(root, quote);
    expect(range?.toString()).toBe("Write down what you've tried.");
  });

  it('accepts a larger edit when the context around it vouches for the place', () => {
    const root = mount(article);
    const quote = describeQuote(root, select(root, 'Write down what you tried.'));
    root.querySelectorAll('p')[1]!.innerHTML =
      'Write down all that you tried. The timeline matters more than the fix.';
    expect(anchorQuote(root, quote)?.toString()).toBe('Write down all that you tried.');
    expect(anchorQuote(root, { exact: quote.exact })).toBeNull();
  });

  it('returns null when the quote is gone', () => {
    const root = mount(article);
    expect(anchorQuote(root, { exact: 'Escalate to the database team after an hour.' })).toBeNull();
  });

  it('anchors many quotes in one pass', () => {
    const root = mount(article);
    const ranges = anchorQuotes(root, [
      { exact: 'On-call handbook' },
      { exact: 'not on this page at all, surely' },
      { exact: 'incident channel' },
    ]);
    expect(ranges.map((r) => r?.toString() ?? null)).toEqual([
      'On-call handbook',
      null,
      'incident channel',
    ]);
  });
});
