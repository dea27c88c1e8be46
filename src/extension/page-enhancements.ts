/**
 * What an enabled page gets: the coordinators' prompts that match it (matched here, in the
 * browser: the address never leaves it) and the practices captured from this very page.
 */
import { compilePromptRules, matchPrompts } from '../core/prompts';
import type { Community, Practice, PromptRule } from '../core/types';
import type { PageEnhancements, PageSnapshot } from './messages';

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

export interface EnhancementData {
  prompts: readonly PromptRule[];
  practices: readonly Practice[];
  communities: readonly Pick<Community, 'slug' | 'name'>[];
}

export function enhancementsFor(page: PageSnapshot, data: EnhancementData): PageEnhancements {
  const names = new Map(data.communities.map((c) => [c.slug, c.name]));
  const rules = data.prompts.filter((p) => p.enabled);
  const matched = rules.length > 0 ? matchPrompts(compilePromptRules(rules), page) : [];
  const key = pageKey(page.url);
  const highlights = data.practices
    .filter(
      (p) =>
        p.source?.quote &&
        p.status !== 'rejected' &&
        p.status !== 'archived' &&
        pageKey(p.source.url) === key,
    )
    .map(({ id, title, community, source }) => ({ id, title, community, source }));
  return {
    prompts: matched.map(({ rule }) => ({
      id: rule.id,
      community: rule.community,
      communityName: names.get(rule.community) ?? rule.community,
      message: rule.message,
    })),
    highlights,
  };
}
