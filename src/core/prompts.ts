/**
 * Contextual "ask the community" prompts: which rules fit the page a person is on. Runs in the
 * browser so the page URL and text never leave it; no user-supplied string becomes a RegExp.
 */
import type { PromptRule } from './types';

/** The page being looked at. */
export interface PageForPrompts {
  url: string;
  /** The page's visible text. */
  text: string;
  title?: string;
}

export interface PromptMatch {
  rule: PromptRule;
  /** Higher ranks first: a URL match counts 1 (plus how specific the pattern is), each keyword 1. */
  score: number;
  /** The pattern that matched the URL, if the rule has any. */
  urlPattern: string | null;
  /** The rule's keywords found on the page, as the rule spells them. */
  keywords: string[];
}

// ── URL patterns ────────────────────────────────────────────────────────────

/** A compiled URL pattern; every string in it is lower case. */
export type UrlMatcher =
  | {
      kind: 'match';
      schemes: string[];
      /** '*' any host; '*.x' x and its subdomains; otherwise exactly this host. */
      host: string;
      port: string | null;
      /** A glob over path and query. */
      path: string;
    }
  | { kind: 'all' }
  | { kind: 'glob'; on: 'url' | 'address' | 'host'; glob: string };

/**
 * `*` in `glob` matches any run of characters (including none); everything else is literal.
 * Greedy with one backtrack point, so the cost stays at most |glob| × |text|: no ReDoS.
 */
export function globMatch(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (g < glob.length && glob[g] === '*') {
      star = g++;
      resume = t;
    } else if (g < glob.length && glob[g] === text[t]) {
      g++;
      t++;
    } else if (star !== -1) {
      g = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

const MATCH_PATTERN = /^(\*|https?|wss?|ftp|file):\/\/([^/]*)(\/.*)?$/;
const SCHEMES_OF_STAR = ['http', 'https'];

/** Compiles one URL pattern, or returns an error sentence a coordinator can act on. */
export function compileUrlPattern(pattern: string): UrlMatcher | { error: string } {
  const p = pattern.trim().toLowerCase();
  if (!p) return { error: 'The URL pattern is empty.' };
  if (p === '<all_urls>') return { kind: 'all' };
  const m = MATCH_PATTERN.exec(p);
  if (m) {
    const [, scheme, hostPort = '', path] = m;
    if (!path) return { error: `"${pattern}" needs a path, for example ${pattern}/*` };
    const colon = hostPort.lastIndexOf(':');
    const host = colon > -1 ? hostPort.slice(0, colon) : hostPort;
    const port = colon > -1 ? hostPort.slice(colon + 1) : null;
    if (scheme !== 'file' && !host) return { error: `"${pattern}" has no host.` };
    if (
      host.includes('*') &&
      host !== '*' &&
      !(host.startsWith('*.') && !host.slice(2).includes('*'))
    ) {
      return { error: `In "${pattern}", * may only start the host, as in *.example.com.` };
    }
    if (port !== null && port !== '*' && !/^\d{1,5}$/.test(port)) {
      return { error: `"${pattern}" has an invalid port.` };
    }
    return {
      kind: 'match',
      schemes: scheme === '*' ? SCHEMES_OF_STAR : [scheme!],
      host,
      port,
      path,
    };
  }
  if (p.includes('://')) return { kind: 'glob', on: 'url', glob: p };
  // No slash at all: a host, such as wiki.example.com or *.example.com.
  if (!p.includes('/')) return { kind: 'glob', on: 'host', glob: p };
  return { kind: 'glob', on: 'address', glob: p };
}

/** The parts of a page URL that patterns look at, lower-cased, without the fragment. */
interface ParsedUrl {
  scheme: string;
  host: string;
  port: string;
  pathAndQuery: string;
  /** Everything but the fragment. */
  full: string;
  /** Host, port, path and query: the URL without its scheme. */
  address: string;
}

function parseUrl(url: string): ParsedUrl | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const scheme = u.protocol.slice(0, -1).toLowerCase();
  const pathAndQuery = (u.pathname + u.search).toLowerCase();
  const host = u.hostname.toLowerCase();
  const address = `${u.host.toLowerCase()}${pathAndQuery}`;
  return { scheme, host, port: u.port, pathAndQuery, full: `${scheme}://${address}`, address };
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return host === base || host.endsWith(`.${base}`);
  }
  return host === pattern;
}

function urlMatches(m: UrlMatcher, u: ParsedUrl): boolean {
  switch (m.kind) {
    case 'all':
      return true;
    case 'match':
      return (
        m.schemes.includes(u.scheme) &&
        (m.port === null || m.port === '*' || m.port === u.port) &&
        (u.scheme === 'file' || hostMatches(m.host, u.host)) &&
        globMatch(m.path, u.pathAndQuery)
      );
    case 'glob':
      return globMatch(m.glob, m.on === 'url' ? u.full : m.on === 'host' ? u.host : u.address);
  }
}

/** Literal characters in a pattern: a more specific pattern makes a more relevant prompt. */
const specificity = (pattern: string) => pattern.replace(/\*/g, '').length;

// ── Keywords ────────────────────────────────────────────────────────────────

const WORD = /[\p{L}\p{N}_]+/gu;
const isWordChar = (c: string | undefined) => !!c && /[\p{L}\p{N}_]/u.test(c);

interface CompiledKeyword {
  /** As the rule spells it. */
  raw: string;
  /** Lower case, whitespace collapsed. */
  text: string;
  /** Its words; all must be on the page before the exact phrase is looked for. */
  words: string[];
  /** A single word: a lookup in the page's word counts is enough. */
  single: boolean;
}

function compileKeyword(raw: string): CompiledKeyword | null {
  const text = raw.toLowerCase().replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const words = text.match(WORD) ?? [];
  return { raw, text, words, single: words.length === 1 && words[0] === text };
}

export interface CompiledPromptRule {
  rule: PromptRule;
  urls: Array<{ pattern: string; matcher: UrlMatcher }>;
  keywords: CompiledKeyword[];
  /** URL patterns that could not be understood (such a rule never matches by URL). */
  errors: string[];
}

/** Prepares rules once (when they sync), so matching a page is cheap. Disabled rules are kept. */
export function compilePromptRules(rules: readonly PromptRule[]): CompiledPromptRule[] {
  return rules.map((rule) => {
    const urls: CompiledPromptRule['urls'] = [];
    const errors: string[] = [];
    for (const pattern of rule.urlPatterns) {
      const c = compileUrlPattern(pattern);
      if ('error' in c) errors.push(c.error);
      else urls.push({ pattern, matcher: c });
    }
    const keywords = rule.keywords
      .map(compileKeyword)
      .filter((k): k is CompiledKeyword => k !== null);
    return { rule, urls, keywords, errors };
  });
}

/** The page text, indexed lazily: only built when some rule gets as far as its keywords. */
class PageWords {
  private lower: string | null = null;
  private counts: Map<string, number> | null = null;

  constructor(private readonly source: string) {}

  private text(): string {
    this.lower ??= this.source.toLowerCase().replace(/\s+/g, ' ');
    return this.lower;
  }

  private words(): Map<string, number> {
    if (!this.counts) {
      this.counts = new Map();
      for (const [w] of this.text().matchAll(WORD))
        this.counts.set(w, (this.counts.get(w) ?? 0) + 1);
    }
    return this.counts;
  }

  /** Whether the keyword occurs as whole words (not inside a longer word). */
  has(k: CompiledKeyword): boolean {
    const counts = this.words();
    if (k.single) return counts.has(k.text);
    if (!k.words.every((w) => counts.has(w))) return false;
    const text = this.text();
    const checkStart = isWordChar(k.text[0]);
    const checkEnd = isWordChar(k.text[k.text.length - 1]);
    for (let at = text.indexOf(k.text); at !== -1; at = text.indexOf(k.text, at + 1)) {
      const end = at + k.text.length;
      if ((!checkStart || !isWordChar(text[at - 1])) && (!checkEnd || !isWordChar(text[end]))) {
        return true;
      }
    }
    return false;
  }
}

/**
 * The enabled rules that fit a page, best first. A rule with URL patterns fires only on a URL one
 * of them matches; a rule with keywords fires only when at least one is on the page (text or title),
 * as whole words, ignoring case; a rule with both needs both; a rule with neither never fires.
 */
export function matchPrompts(
  rules: readonly PromptRule[] | readonly CompiledPromptRule[],
  page: PageForPrompts,
): PromptMatch[] {
  const compiled = isCompiled(rules) ? rules : compilePromptRules(rules);
  const url = parseUrl(page.url);
  const words = new PageWords(page.title ? `${page.title}\n${page.text}` : page.text);
  const matches: PromptMatch[] = [];

  for (const c of compiled) {
    if (!c.rule.enabled) continue;
    if (c.rule.urlPatterns.length === 0 && c.keywords.length === 0) continue;
    let score = 0;
    let urlPattern: string | null = null;
    if (c.rule.urlPatterns.length > 0) {
      if (!url) continue;
      for (const u of c.urls) {
        if (
          urlMatches(u.matcher, url) &&
          (!urlPattern || specificity(u.pattern) > specificity(urlPattern))
        ) {
          urlPattern = u.pattern;
        }
      }
      if (!urlPattern) continue;
      score += 1 + Math.min(specificity(urlPattern), 100) / 200;
    }
    const keywords = c.keywords.filter((k) => words.has(k)).map((k) => k.raw);
    if (c.keywords.length > 0 && keywords.length === 0) continue;
    score += keywords.length;
    matches.push({ rule: c.rule, score, urlPattern, keywords });
  }
  return matches.sort((a, b) => b.score - a.score || a.rule.id.localeCompare(b.rule.id));
}

function isCompiled(
  rules: readonly PromptRule[] | readonly CompiledPromptRule[],
): rules is readonly CompiledPromptRule[] {
  const first = rules[0];
  return first !== undefined && 'rule' in first && 'urls' in first;
}
