import { expect, test } from 'vitest';
import type { Practice, PromptRule } from '../core/types';
import { highlightsFor, pageKey, promptsFor } from './page-enhancements';

const rule = (id: string, urlPatterns: string[], keywords: string[], enabled = true) =>
  ({ id, community: 'ops', urlPatterns, keywords, message: `Prompt ${id}`, enabled }) as PromptRule;
const practice = (id: string, url: string, status: Practice['status'] = 'captured') =>
  ({
    id,
    title: `Practice ${id}`,
    community: 'ops',
    status,
    source: { url, title: '', quote: { exact: 'text', prefix: '', suffix: '' } },
  }) as Practice;

const communities = [{ slug: 'ops', name: 'Platform operations' }];
const address = {
  url: 'https://wiki.example.org/runbooks/keys?tab=1#step-2',
  title: 'Rotating keys',
};
const page = { ...address, text: 'How we handle an incident when a key leaks.' };
const ids = (r: { prompts: { id: string }[] }) => r.prompts.map((p) => p.id);

test('prompts match inside the browser by URL pattern and keyword, enabled ones only', () => {
  const result = promptsFor(
    page,
    [
      rule('r1', ['https://wiki.example.org/*'], ['incident']),
      rule('r2', ['https://other.example.org/*'], []),
      rule('r3', [], ['deployment']),
      rule('r4', ['https://wiki.example.org/*'], [], false),
    ],
    communities,
  );
  expect(result).toEqual({
    prompts: [
      { id: 'r1', community: 'ops', communityName: 'Platform operations', message: 'Prompt r1' },
    ],
    needsText: false,
  });
});

test('without text, URL-only rules match at once and the text is asked for only when keywords could', () => {
  // A URL-only rule and a keyword rule for another site: the text cannot change anything.
  const urlOnly = promptsFor(
    address,
    [
      rule('url', ['https://wiki.example.org/runbooks/*'], []),
      rule('elsewhere', ['https://other.example.org/*'], ['incident']),
      rule('off', [], ['incident'], false),
    ],
    communities,
  );
  expect(urlOnly).toMatchObject({ needsText: false });
  expect(ids(urlOnly)).toEqual(['url']);

  // A keyword rule for this site: the text is needed, and what the URL settled is already there.
  const keywords = promptsFor(
    address,
    [
      rule('url', ['https://wiki.example.org/*'], []),
      rule('kw', ['https://wiki.example.org/*'], ['incident']),
    ],
    communities,
  );
  expect(keywords.needsText).toBe(true);
  expect(ids(keywords)).toEqual(['url']);
  // The second step, with the text, gives every match.
  expect(
    ids(
      promptsFor(
        page,
        [
          rule('url', ['https://wiki.example.org/*'], []),
          rule('kw', ['https://wiki.example.org/*'], ['incident']),
        ],
        communities,
      ),
    ).sort(),
  ).toEqual(['kw', 'url']);

  // A keyword-only rule applies on any site.
  expect(promptsFor(address, [rule('any', [], ['incident'])], communities).needsText).toBe(true);
  // No rules, or a rule whose URL patterns cannot be understood: nothing to read.
  expect(promptsFor(address, [], communities)).toEqual({ prompts: [], needsText: false });
  expect(
    promptsFor(address, [rule('bad', ['http://*.x*.org/*'], ['incident'])], communities).needsText,
  ).toBe(false);
});

test('keywords all found in the title settle the rule without reading the text', () => {
  const rules = [rule('keys', [], ['Rotating', 'keys'])];
  const settled = promptsFor(address, rules, communities);
  expect(settled).toMatchObject({ needsText: false });
  expect(ids(settled)).toEqual(['keys']);
  // One keyword in the title, another not: the text could still add to its rank, so it is read.
  expect(promptsFor(address, [rule('more', [], ['keys', 'incident'])], communities).needsText).toBe(
    true,
  );
});

test('highlights are the live practices captured from this very page', () => {
  const result = highlightsFor(page.url, [
    practice('same', 'https://wiki.example.org/runbooks/keys?tab=1'),
    practice('fragment', 'https://wiki.example.org/runbooks/keys/?tab=1#intro'),
    practice('other-query', 'https://wiki.example.org/runbooks/keys?tab=2'),
    practice('archived', 'https://wiki.example.org/runbooks/keys?tab=1', 'archived'),
  ]);
  expect(result.map((h) => h.id)).toEqual(['same', 'fragment']);
});

test('pageKey ignores the fragment and a trailing slash', () => {
  expect(pageKey('https://a.example/x/#top')).toBe('https://a.example/x');
  expect(pageKey('https://a.example/')).toBe('https://a.example/');
  expect(pageKey('not a url')).toBe('not a url');
});
