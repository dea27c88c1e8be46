/**
 * Instant search over cached practices: an in-memory inverted index, folded to lowercase without
 * diacritics, with prefix matching on the term being typed. Answers a keystroke without the network.
 */
import type { Practice, PracticeKind, PracticeStatus, SearchHit } from '../core/types';
import type { CacheChange } from './db';

/** How much one occurrence in each field counts: a title or tag hit says more than a body hit. */
const FIELD_WEIGHTS = { title: 4, tags: 3, quote: 1.5, sourceTitle: 1, body: 1 } as const;
type Field = keyof typeof FIELD_WEIGHTS;
/** A term that only starts a word counts a little less than the whole word. */
const PREFIX_FACTOR = 0.8;
const SNIPPET_CHARS = 180;

export interface LocalSearchQuery {
  limit?: number;
  community?: string | readonly string[];
  tag?: string;
  kind?: PracticeKind;
  /** Which statuses count; by default captured and published (not rejected or archived). */
  status?: readonly PracticeStatus[];
}

export interface LocalSearch {
  /** Replaces the whole index. */
  load(practices: Iterable<Practice>): void;
  upsert(practice: Practice): void;
  remove(id: string): void;
  /** Applies cache changes (only practices matter); call it for every sync or local write. */
  update(changes: readonly CacheChange[]): void;
  /** Best matches first; the last term matches as a prefix. An empty query finds nothing. */
  query(text: string, options?: LocalSearchQuery): SearchHit[];
  readonly size: number;
}

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const SPECIAL_RE = /[ßæœøłđðþı]/g;
const NON_ASCII = /[^ -~\t\n\r]/;
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

/** Lowercase, without diacritics ("Café Ørsted" → "cafe orsted"). */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(SPECIAL_RE, (ch) => SPECIAL_LETTERS[ch] ?? ch);
}

const WORD_SPLIT = /[^\p{L}\p{N}\p{M}]+/u;
/** Folded forms of the non-ASCII words seen so far: a vocabulary is small, normalising is not cheap. */
const foldedWords = new Map<string, string>();

/** The folded words of a text, in order. */
export function tokenize(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const word of text.toLowerCase().split(WORD_SPLIT)) {
    if (!word) continue;
    if (!NON_ASCII.test(word)) {
      out.push(word);
      continue;
    }
    let folded = foldedWords.get(word);
    if (folded === undefined) {
      folded = foldText(word);
      if (foldedWords.size < 100_000) foldedWords.set(word, folded);
    }
    if (folded) out.push(folded);
  }
  return out;
}

interface QueryTerm {
  term: string;
  prefix: boolean;
}

/** Splits what was typed into terms; the last one is still being typed unless followed by a space. */
export function parseQuery(text: string): QueryTerm[] {
  const terms = tokenize(text);
  const typing = !/[\s\p{P}]$/u.test(text);
  return [...new Set(terms)].map((term, i, all) => ({
    term,
    prefix: typing && i === all.length - 1,
  }));
}

/**
 * The practices containing one term, as parallel arrays (fast to scan). Removal is lazy: a
 * posting whose `incarnation` no longer matches its slot's is dead and gets compacted away later.
 */
interface PostingList {
  slots: number[];
  incarnations: number[];
  weights: number[];
  dead: number;
}

/** Per-term bookkeeping while indexing one practice: field weight so far and occurrences in the field. */
interface TermCount {
  weight: number;
  field: Field;
  n: number;
}

/** Builds an empty (or pre-filled) local search index. */
export function createLocalSearch(initial?: Iterable<Practice>): LocalSearch {
  // Practices live in numbered slots, so postings and scores are plain arrays indexed by slot.
  const slots: Array<Practice | undefined> = [];
  const slotTerms: Array<string[] | undefined> = [];
  const incarnation: number[] = [];
  const slotOf = new Map<string, number>();
  const freeSlots: number[] = [];
  const postings = new Map<string, PostingList>();
  /** first letter → terms, for prefix expansion without scanning the whole vocabulary */
  const byInitial = new Map<string, Set<string>>();

  // Scratch space reused by every query; stamps avoid clearing it.
  let acc = new Float64Array(0);
  let best = new Float64Array(0);
  let bestStamp = new Int32Array(0);
  let candStamp = new Int32Array(0);
  let stamp = 0;

  const counts = new Map<string, TermCount>();
  /** Adds a field's words; repeats count less and less (1 + ln n overall), so long bodies do not swamp titles. */
  const count = (field: Field, text: string | undefined) => {
    if (!text) return;
    const weight = FIELD_WEIGHTS[field];
    for (const t of tokenize(text)) {
      const c = counts.get(t);
      if (!c) counts.set(t, { weight, field, n: 1 });
      else if (c.field !== field) {
        c.field = field;
        c.n = 1;
        c.weight += weight;
      } else {
        c.n++;
        c.weight += weight * Math.log(c.n / (c.n - 1));
      }
    }
  };

  function add(practice: Practice) {
    counts.clear();
    count('title', practice.title);
    count('tags', practice.tags.join(' '));
    count('quote', practice.source?.quote?.exact);
    count('sourceTitle', practice.source?.title);
    count('body', practice.body);

    const slot = freeSlots.pop() ?? slots.length;
    const inc = incarnation[slot] ?? 0;
    incarnation[slot] = inc;
    slots[slot] = practice;
    slotTerms[slot] = [...counts.keys()];
    slotOf.set(practice.id, slot);
    for (const [t, c] of counts) {
      let list = postings.get(t);
      if (!list) {
        list = { slots: [], incarnations: [], weights: [], dead: 0 };
        postings.set(t, list);
        const first = t[0] as string;
        const set = byInitial.get(first);
        if (set) set.add(t);
        else byInitial.set(first, new Set([t]));
      }
      list.slots.push(slot);
      list.incarnations.push(inc);
      list.weights.push(c.weight);
    }
  }

  function remove(id: string) {
    const slot = slotOf.get(id);
    if (slot === undefined) return;
    incarnation[slot] = (incarnation[slot] ?? 0) + 1;
    for (const t of slotTerms[slot] ?? []) {
      const list = postings.get(t);
      if (!list) continue;
      list.dead++;
      if (list.dead >= list.slots.length) {
        postings.delete(t);
        byInitial.get(t[0] as string)?.delete(t);
      } else if (list.dead > 16 && list.dead * 2 > list.slots.length) {
        compact(list);
      }
    }
    slots[slot] = undefined;
    slotTerms[slot] = undefined;
    slotOf.delete(id);
    freeSlots.push(slot);
  }

  function compact(list: PostingList) {
    let j = 0;
    for (let i = 0; i < list.slots.length; i++) {
      const slot = list.slots[i] as number;
      if (list.incarnations[i] !== incarnation[slot]) continue;
      list.slots[j] = slot;
      list.incarnations[j] = list.incarnations[i] as number;
      list.weights[j] = list.weights[i] as number;
      j++;
    }
    list.slots.length = j;
    list.incarnations.length = j;
    list.weights.length = j;
    list.dead = 0;
  }

  function upsert(practice: Practice) {
    remove(practice.id);
    add(practice);
  }

  /** The posting lists a query term matches, with how much a match counts, and their total size. */
  function expand(q: QueryTerm) {
    const lists: Array<{ list: PostingList; factor: number }> = [];
    let size = 0;
    const consider = (t: string) => {
      const list = postings.get(t);
      if (!list) return;
      lists.push({ list, factor: t.length === q.term.length ? 1 : PREFIX_FACTOR });
      size += list.slots.length - list.dead;
    };
    if (!q.prefix) consider(q.term);
    else
      for (const t of byInitial.get(q.term[0] as string) ?? [])
        if (t.startsWith(q.term)) consider(t);
    return { lists, size };
  }

  function ensureScratch() {
    if (acc.length >= slots.length) return;
    const n = Math.max(slots.length, acc.length * 2, 64);
    acc = new Float64Array(n);
    best = new Float64Array(n);
    bestStamp = new Int32Array(n);
    candStamp = new Int32Array(n);
    stamp = 0;
  }

  /** Slots matching every term; `acc[slot]` holds the sum of the slot's best weight per term. */
  function matchAll(terms: QueryTerm[]): number[] {
    ensureScratch();
    // Rarest term first: each narrows the candidates the next one has to look at.
    const expanded = terms.map(expand).sort((a, b) => a.size - b.size);
    let candidates: number[] | undefined;
    for (const { lists } of expanded) {
      const termStamp = ++stamp;
      const next: number[] = [];
      if (candidates) for (const slot of candidates) candStamp[slot] = termStamp;
      for (const { list, factor } of lists) {
        const { slots: ps, incarnations: pi, weights: pw } = list;
        for (let i = 0; i < ps.length; i++) {
          const slot = ps[i] as number;
          if (candidates && candStamp[slot] !== termStamp) continue;
          if (pi[i] !== incarnation[slot]) continue;
          const score = (pw[i] as number) * factor;
          if (bestStamp[slot] !== termStamp) {
            bestStamp[slot] = termStamp;
            best[slot] = score;
            next.push(slot);
          } else if (score > (best[slot] as number)) {
            best[slot] = score;
          }
        }
      }
      for (const slot of next) {
        acc[slot] = (candidates ? (acc[slot] as number) : 0) + (best[slot] as number);
      }
      candidates = next;
      if (candidates.length === 0) break;
    }
    return candidates ?? [];
  }

  function query(text: string, options: LocalSearchQuery = {}): SearchHit[] {
    const terms = parseQuery(text);
    if (terms.length === 0) return [];
    const matched = matchAll(terms);
    if (matched.length === 0) return [];

    const communities =
      options.community === undefined
        ? undefined
        : new Set(typeof options.community === 'string' ? [options.community] : options.community);
    const statuses = new Set(options.status ?? ['captured', 'published']);
    const tag = options.tag?.toLowerCase();

    const limit = Math.max(1, options.limit ?? 20);
    // Keep only the best `limit` as we go (sorted, best first): sorting every match costs too much per keystroke.
    const top: Array<{ practice: Practice; score: number }> = [];
    const better = (
      a: { practice: Practice; score: number },
      b: { practice: Practice; score: number },
    ) => a.score > b.score || (a.score === b.score && a.practice.updatedAt > b.practice.updatedAt);
    for (const slot of matched) {
      const practice = slots[slot];
      if (!practice) continue;
      if (!statuses.has(practice.status)) continue;
      if (communities && !communities.has(practice.community)) continue;
      if (options.kind && practice.kind !== options.kind) continue;
      if (tag && !practice.tags.includes(tag)) continue;
      // Curated practices win ties.
      const score =
        (acc[slot] as number) +
        (practice.featured ? 0.5 : 0) +
        (practice.status === 'published' ? 0.25 : 0);
      const entry = { practice, score };
      if (top.length === limit && !better(entry, top[limit - 1] as typeof entry)) continue;
      let i = Math.min(top.length, limit - 1);
      top[i] = entry;
      while (i > 0 && better(entry, top[i - 1] as typeof entry)) {
        top[i] = top[i - 1] as typeof entry;
        top[--i] = entry;
      }
    }
    return top.map(({ practice, score }) => ({
      ...practice,
      score: Math.round(score * 1000) / 1000,
      highlight: highlight(practice, terms),
    }));
  }

  if (initial) for (const p of initial) add(p);

  return {
    load(practices) {
      slots.length = 0;
      slotTerms.length = 0;
      incarnation.length = 0;
      slotOf.clear();
      freeSlots.length = 0;
      postings.clear();
      byInitial.clear();
      for (const p of practices) add(p);
    },
    upsert,
    remove,
    update(changes) {
      for (const change of changes) {
        if (change.entity !== 'practice') continue;
        if (change.row) upsert(change.row);
        else remove(change.id);
      }
    },
    query,
    get size() {
      return slotOf.size;
    },
  };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

const tokenMatches = (token: string, terms: QueryTerm[]) => {
  const folded = foldText(token);
  return terms.some((q) => (q.prefix ? folded.startsWith(q.term) : folded === q.term));
};

/** Escapes `text` and wraps every word that matches a query term in `<mark>`. */
export function markMatches(text: string, terms: QueryTerm[]): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    if (!tokenMatches(m[0], terms)) continue;
    out += `${escapeHtml(text.slice(last, start))}<mark>${escapeHtml(m[0])}</mark>`;
    last = start + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

function highlight(practice: Practice, terms: QueryTerm[]): SearchHit['highlight'] {
  const candidates = [practice.body, practice.source?.quote?.exact ?? ''];
  let source = practice.body;
  let at = -1;
  for (const text of candidates) {
    for (const m of text.matchAll(TOKEN)) {
      if (tokenMatches(m[0], terms)) {
        at = m.index ?? 0;
        break;
      }
    }
    if (at >= 0) {
      source = text;
      break;
    }
  }
  return {
    title: markMatches(practice.title, terms),
    snippet: snippet(source, Math.max(at, 0), terms),
  };
}

/** A window of about SNIPPET_CHARS around position `at`, cut at word boundaries. */
function snippet(text: string, at: number, terms: QueryTerm[]): string {
  if (text.length <= SNIPPET_CHARS) return markMatches(text, terms);
  let start = Math.max(0, at - Math.floor(SNIPPET_CHARS / 3));
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  start = Math.max(0, end - SNIPPET_CHARS);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < at) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > at) end = space;
  }
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < text.length ? ' …' : '';
  return `${prefix}${markMatches(text.slice(start, end), terms)}${suffix}`;
}
