/**
 * The local search's inverted index: each practice's weighted terms, and for each term the
 * practices that contain it. Practices live in numbered slots, so postings are plain arrays.
 */
import type { Practice } from '../core/types';
import { type QueryTerm, tokenize } from './search-text';

/** How much one occurrence in each field counts: a title or tag hit says more than a body hit. */
export const FIELD_WEIGHTS = { title: 4, tags: 3, quote: 1.5, sourceTitle: 1, body: 1 } as const;
type Field = keyof typeof FIELD_WEIGHTS;
/** A term that only starts a word counts a little less than the whole word. */
export const PREFIX_FACTOR = 0.8;

/**
 * The practices containing one term, as parallel arrays (fast to scan). Removal is lazy: a
 * posting whose `incarnation` no longer matches its slot's is dead and gets compacted away later.
 */
export interface PostingList {
  slots: number[];
  incarnations: number[];
  weights: number[];
  dead: number;
}

/** Per-term bookkeeping while weighing one practice: weight so far and occurrences in the field. */
interface TermCount {
  weight: number;
  field: Field;
  n: number;
}

/**
 * Each term of a practice with its weight: the sum over fields of the field's weight, where
 * repeats in a field count less and less (1 + ln n overall), so long bodies do not swamp titles.
 * `into` is reused by the index to spare an allocation per practice.
 */
export function termWeights(
  practice: Practice,
  into: Map<string, TermCount> = new Map(),
): Map<string, { weight: number }> {
  into.clear();
  const count = (field: Field, text: string | undefined) => {
    if (!text) return;
    const weight = FIELD_WEIGHTS[field];
    for (const t of tokenize(text)) {
      const c = into.get(t);
      if (!c) into.set(t, { weight, field, n: 1 });
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
  count('title', practice.title);
  count('tags', practice.tags.join(' '));
  count('quote', practice.source?.quote?.exact);
  count('sourceTitle', practice.source?.title);
  count('body', practice.body);
  return into;
}

/** The posting lists one query term matches, with how much a match counts, and their live size. */
export interface Expansion {
  lists: Array<{ list: PostingList; factor: number }>;
  size: number;
}

export interface PracticeIndex {
  /** The practice in each slot; a free slot is undefined. */
  readonly slots: ReadonlyArray<Practice | undefined>;
  /** Each slot's current incarnation: postings with another one are dead. */
  readonly incarnation: readonly number[];
  readonly size: number;
  /** Replaces everything. */
  load(practices: Iterable<Practice>): void;
  upsert(practice: Practice): void;
  remove(id: string): void;
  /** The posting lists a term matches: the term itself, or every term it starts while typed. */
  expand(q: QueryTerm): Expansion;
}

export function createPracticeIndex(initial?: Iterable<Practice>): PracticeIndex {
  const slots: Array<Practice | undefined> = [];
  const slotTerms: Array<string[] | undefined> = [];
  const incarnation: number[] = [];
  const slotOf = new Map<string, number>();
  const freeSlots: number[] = [];
  const postings = new Map<string, PostingList>();
  /** first letter → terms, for prefix expansion without scanning the whole vocabulary */
  const byInitial = new Map<string, Set<string>>();
  const counts = new Map<string, TermCount>();

  function add(practice: Practice) {
    termWeights(practice, counts);
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

  /** Drops a list's dead postings, once they are many and most of it. */
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

  function expand(q: QueryTerm): Expansion {
    const lists: Expansion['lists'] = [];
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

  if (initial) for (const p of initial) add(p);

  return {
    slots,
    incarnation,
    get size() {
      return slotOf.size;
    },
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
    upsert(practice) {
      remove(practice.id);
      add(practice);
    },
    remove,
    expand,
  };
}
