import { expect, test } from 'vitest';
import type { Practice, PromptRule } from '../core/types';
import { enhancementsFor, pageKey } from './page-enhancements';

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

const page = {
  url: 'https://wiki.example.org/runbooks/keys?tab=1#step-2',
  title: 'Rotating keys',
  text: 'How we handle an incident when a key leaks.',
};

test('prompts match inside the browser by URL pattern and keyword, enabled ones only', () => {
  const result = enhancementsFor(page, {
    prompts: [
      rule('r1', ['https://wiki.example.org/*'], ['incident']),
      rule('r2', ['https://other.example.org/*'], []),
      rule('r3', [], ['deployment']),
      rule('r4', ['https://wiki.example.org/*'], [], false),
    ],
    practices: [],
    communities: [{ slug: 'ops', name: 'Platform operations' }],
  });
  expect(result.prompts).toEqual([
    { id: 'r1', community: 'ops', communityName: 'Platform operations', message: 'Prompt r1' },
  ]);
});

test('highlights are the live practices captured from this very page', () => {
  const result = enhancementsFor(page, {
    prompts: [],
    practices: [
      practice('same', 'https://wiki.example.org/runbooks/keys?tab=1'),
      practice('fragment', 'https://wiki.example.org/runbooks/keys/?tab=1#intro'),
      practice('other-query', 'https://wiki.example.org/runbooks/keys?tab=2'),
      practice('archived', 'https://wiki.example.org/runbooks/keys?tab=1', 'archived'),
    ],
    communities: [],
  });
  expect(result.highlights.map((h) => h.id)).toEqual(['same', 'fragment']);
});

test('pageKey ignores the fragment and a trailing slash', () => {
  expect(pageKey('https://a.example/x/#top')).toBe('https://a.example/x');
  expect(pageKey('https://a.example/')).toBe('https://a.example/');
  expect(pageKey('not a url')).toBe('not a url');
});
