/**
 * What an enabled page gets: the coordinators' prompts that match it (matched here, in the
 * browser: neither the address nor the text ever leaves it) and the practices captured from this very page.
 */
import { type CompiledPromptRule, compilePromptRules, matchPrompts } from '../core/prompts';
import type { Community, Practice, PromptRule } from '../core/types';
import type { PageAddress, PageHello, PageHighlight } from './messages';

/** A page's identity for highlights: the address without its fragment or a trailing slash. */
export function pageKey(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : u.pathname;
    return `${u.origin}${path}${u.search}`;
  } catch {
    return url;
  }
}

/** Whether the rule's URL patterns let it fire on `url` (a rule without patterns fires anywhere). */
function urlAdmits(compiled: CompiledPromptRule, url: string): boolean {
  if (compiled.rule.urlPatterns.length === 0) return true;
  return matchPrompts([{ ...compiled.rule, keywords: [] }], { url, text: '' }).length > 0;
}

/**
 * The enabled prompts that match a page. Without `text` (the first step of a page's hello) it
 * matches on the URL and the title and says whether the text could change the answer: only when an
 * enabled rule for this URL has keywords the title did not all contain, so most pages are never read.
 */
export function promptsFor(
  page: PageAddress & { text?: string },
  rules: readonly PromptRule[],
  communities: readonly Pick<Community, 'slug' | 'name'>[],
): PageHello {
  const compiled = compilePromptRules(rules.filter((r) => r.enabled));
  if (compiled.length === 0) return { prompts: [], needsText: false };
  const matches = matchPrompts(compiled, { ...page, text: page.text ?? '' });
  let needsText = false;
  if (page.text === undefined) {
    const found = new Map(matches.map((m) => [m.rule.id, m.keywords.length]));
    // A rule whose keywords are all in the title is settled: the text could not change its rank.
    needsText = compiled.some(
      (c) =>
        c.keywords.length > 0 &&
        (found.get(c.rule.id) ?? 0) < c.keywords.length &&
        urlAdmits(c, page.url),
    );
  }
  const names = new Map(communities.map((c) => [c.slug, c.name]));
  return {
    prompts: matches.map(({ rule }) => ({
      id: rule.id,
      community: rule.community,
      communityName: names.get(rule.community) ?? rule.community,
      message: rule.message,
    })),
    needsText,
  };
}

/** The live practices captured from this very page (same address, ignoring the fragment). */
export function highlightsFor(url: string, practices: readonly Practice[]): PageHighlight[] {
  const key = pageKey(url);
  return practices
    .filter(
      (p) =>
        p.source?.quote &&
        p.status !== 'rejected' &&
        p.status !== 'archived' &&
        pageKey(p.source.url) === key,
    )
    .map(({ id, title, community, source }) => ({ id, title, community, source }));
}
