import { describe, expect, it } from 'vitest';
import { compilePromptRules, compileUrlPattern, globMatch, matchPrompts } from './prompts';
import type { PromptRule } from './types';

let seq = 0;
function rule(over: Partial<PromptRule>): PromptRule {
  seq++;
  return {
    id: over.id ?? `rule-${String(seq).padStart(3, '0')}`,
    community: 'support',
    urlPatterns: [],
    keywords: [],
    message: 'Ask the support community',
    enabled: true,
    version: 1,
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

const fires = (r: PromptRule, url: string, text = '', title?: string) =>
  matchPrompts([r], { url, text, title }).length === 1;

describe('URL patterns', () => {
  it('accept WebExtension match patterns with subdomain wildcards', () => {
    const r = rule({ urlPatterns: ['https://*.example.com/wiki/*'] });
    expect(fires(r, 'https://docs.example.com/wiki/Runbooks')).toBe(true);
    expect(fires(r, 'https://example.com/wiki/')).toBe(true);
    expect(fires(r, 'https://a.b.example.com/wiki/x?y=1#z')).toBe(true);
    expect(fires(r, 'http://docs.example.com/wiki/Runbooks')).toBe(false);
    expect(fires(r, 'https://docs.example.com/blog/wiki/')).toBe(false);
    expect(fires(r, 'https://notexample.com/wiki/x')).toBe(false);
    expect(fires(r, 'https://example.com.evil.test/wiki/x')).toBe(false);
  });

  it('treat a * scheme as http or https and match ports and queries', () => {
    const r = rule({ urlPatterns: ['*://intranet.local:8080/tickets?*'] });
    expect(fires(r, 'http://intranet.local:8080/tickets?id=1')).toBe(true);
    expect(fires(r, 'https://INTRANET.local:8080/Tickets?id=1')).toBe(true);
    expect(fires(r, 'ftp://intranet.local:8080/tickets?id=1')).toBe(false);
    expect(fires(r, 'http://intranet.local:9090/tickets?id=1')).toBe(false);
    expect(fires(rule({ urlPatterns: ['<all_urls>'] }), 'https://any.test/')).toBe(true);
  });

  it('accept simple globs over the whole address', () => {
    const r = rule({ urlPatterns: ['*/tickets/*'] });
    expect(fires(r, 'https://support.acme.test/tickets/4711')).toBe(true);
    expect(fires(r, 'https://support.acme.test/ticketsx/4711')).toBe(false);
    expect(
      fires(
        rule({ urlPatterns: ['jira.acme.test/browse/OPS-*'] }),
        'https://jira.acme.test/browse/OPS-12',
      ),
    ).toBe(true);
    expect(
      fires(
        rule({ urlPatterns: ['https://git.acme.test/*/merge_requests/*'] }),
        'https://git.acme.test/a/b/merge_requests/3',
      ),
    ).toBe(true);
  });

  it('read a pattern without any slash as a host', () => {
    const r = rule({ urlPatterns: ['*.acme.test'] });
    expect(fires(r, 'https://wiki.acme.test/anything')).toBe(true);
    expect(fires(r, 'https://acme.test.example/')).toBe(false);
  });

  it('report patterns they cannot understand, which then never match', () => {
    expect(compileUrlPattern('https://exa*mple.com/*')).toHaveProperty('error');
    expect(compileUrlPattern('https://example.com')).toHaveProperty('error');
    expect(compileUrlPattern('https://example.com:http/*')).toHaveProperty('error');
    const [compiled] = compilePromptRules([rule({ urlPatterns: ['https://exa*mple.com/*'] })]);
    expect(compiled!.errors).toHaveLength(1);
    expect(matchPrompts([compiled!], { url: 'https://example.com/', text: '' })).toEqual([]);
  });

  it('never fire on a URL that does not parse', () => {
    expect(fires(rule({ urlPatterns: ['*'] }), 'not a url')).toBe(false);
  });
});

describe('globMatch', () => {
  it('treats only * as special', () => {
    expect(globMatch('a*c', 'abbbc')).toBe(true);
    expect(globMatch('a?c', 'abc')).toBe(false);
    expect(globMatch('a?c', 'a?c')).toBe(true);
    expect(globMatch('(a+)+$', '(a+)+$')).toBe(true);
    expect(globMatch('**', '')).toBe(true);
    expect(globMatch('*x', 'abc')).toBe(false);
  });

  // An exponential backtrack would time the test out; the speed is a figure of `npm run bench -- --only=core`.
  it('answers patterns built to backtrack', () => {
    expect(globMatch(`${'*a'.repeat(50)}*b`, 'a'.repeat(5000))).toBe(false);
    expect(globMatch(`${'*a'.repeat(50)}*`, 'a'.repeat(5000))).toBe(true);
  });
});

describe('keywords', () => {
  const url = 'https://wiki.acme.test/page';

  it('match whole words, ignoring case', () => {
    const r = rule({ keywords: ['deploy'] });
    expect(fires(r, url, 'How we Deploy on Fridays')).toBe(true);
    expect(fires(r, url, 'Deployment schedule')).toBe(false);
    expect(fires(r, url, 'redeploy')).toBe(false);
  });

  it('match phrases across any whitespace, and in the title', () => {
    const r = rule({ keywords: ['incident review'] });
    expect(fires(r, url, 'Notes from the Incident\n   Review meeting')).toBe(true);
    expect(fires(r, url, 'review of the incident')).toBe(false);
    expect(fires(r, url, 'body text', 'Incident review 2025-03')).toBe(true);
  });

  it('treat punctuation and regex characters literally', () => {
    expect(fires(rule({ keywords: ['C++'] }), url, 'Our C++ style guide')).toBe(true);
    expect(fires(rule({ keywords: ['C++'] }), url, 'Our C style guide')).toBe(false);
    expect(fires(rule({ keywords: ['node.js'] }), url, 'Upgrading Node.js to 22')).toBe(true);
    expect(fires(rule({ keywords: ['node.js'] }), url, 'a nodexjs thing')).toBe(false);
    expect(fires(rule({ keywords: ['(a+)+$'] }), url, `${'a'.repeat(10_000)}!`)).toBe(false);
  });

  it('match words in any script', () => {
    expect(fires(rule({ keywords: ['Störung'] }), url, 'Bei einer STÖRUNG bitte melden')).toBe(
      true,
    );
    expect(fires(rule({ keywords: ['Störung'] }), url, 'Netzstörung')).toBe(false);
  });
});

describe('matchPrompts', () => {
  const page = {
    url: 'https://support.acme.test/tickets/4711',
    title: 'Ticket 4711: VPN drops after update',
    text: 'Customer reports the VPN client disconnects every hour since the update.',
  };

  it('needs both the URL and a keyword when a rule has both', () => {
    const r = rule({ urlPatterns: ['*/tickets/*'], keywords: ['vpn'] });
    expect(fires(r, page.url, page.text)).toBe(true);
    expect(fires(r, page.url, 'printer jammed')).toBe(false);
    expect(fires(r, 'https://support.acme.test/kb/1', page.text)).toBe(false);
  });

  it('never fires for disabled rules or rules with neither URL patterns nor keywords', () => {
    expect(fires(rule({ keywords: ['vpn'], enabled: false }), page.url, page.text)).toBe(false);
    expect(fires(rule({}), page.url, page.text)).toBe(false);
    expect(fires(rule({ keywords: ['  '] }), page.url, page.text)).toBe(false);
  });

  it('ranks rules by URL and keyword hits and says what matched', () => {
    const urlOnly = rule({ id: 'url-only', urlPatterns: ['*/tickets/*'] });
    const oneWord = rule({ id: 'one-word', keywords: ['vpn', 'printer'] });
    const both = rule({
      id: 'both',
      urlPatterns: ['https://support.acme.test/tickets/*'],
      keywords: ['VPN', 'update', 'kerberos'],
    });
    const elsewhere = rule({ id: 'elsewhere', urlPatterns: ['https://wiki.acme.test/*'] });
    const matches = matchPrompts([urlOnly, oneWord, both, elsewhere], page);
    expect(matches.map((m) => m.rule.id)).toEqual(['both', 'url-only', 'one-word']);
    expect(matches[0]).toMatchObject({
      urlPattern: 'https://support.acme.test/tickets/*',
      keywords: ['VPN', 'update'],
    });
    expect(matches[1]!.keywords).toEqual([]);
  });

  it('prefers the more specific URL pattern', () => {
    const broad = rule({ id: 'a-broad', urlPatterns: ['*://*/*'] });
    const narrow = rule({ id: 'b-narrow', urlPatterns: ['https://support.acme.test/tickets/*'] });
    expect(matchPrompts([broad, narrow], page).map((m) => m.rule.id)).toEqual([
      'b-narrow',
      'a-broad',
    ]);
  });

  // How long matching a large page takes is a figure of `npm run bench -- --only=core`.
  it('gives the same answer from precompiled rules on a large page', () => {
    const rules = Array.from({ length: 300 }, (_, i) =>
      rule({
        id: `r${i}`,
        urlPatterns: i % 2 ? [`https://*.acme.test/area${i}/*`, '*/tickets/*'] : [],
        keywords: [`topic${i}`, `two words ${i}`, 'vpn'],
      }),
    );
    const text = Array.from({ length: 20_000 }, (_, i) => `word${i} topic${i % 400}`).join(' ');
    const big = { url: page.url, text: `${text} two words 7`, title: page.title };
    const compiled = compilePromptRules(rules);
    const fromCompiled = matchPrompts(compiled, big);
    expect(fromCompiled).toEqual(matchPrompts(rules, big));
    expect(fromCompiled).toHaveLength(300);
    expect(fromCompiled[0]!.rule.id).toBe('r7');
  });
});
