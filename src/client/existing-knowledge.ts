/**
 * "This may already answer it" from the local cache: while a question is typed, the cached practices
 * (through the local search index) and answered questions that share its content words. No network.
 */
import type { Question } from '../core/types';
import { type LocalSearch, tokenize } from './search';

/** A practice or answered question offered under the question field. */
export interface SimilarItem {
  kind: 'practice' | 'question';
  id: string;
  title: string;
  /** Where to read it, when the host knows. */
  href?: string;
}

/** Words that start questions but say nothing about their subject; with them nothing would match. */
const QUESTION_WORDS = new Set(
  'how what when where why who which does did can could should would the and for with from into about this that there our your you are was were have has get use any some way best not but its out all'.split(
    ' ',
  ),
);

/** The words of a question that name its subject, in order. */
export function contentWords(text: string): string[] {
  return [...new Set(tokenize(text).filter((w) => w.length >= 3 && !QUESTION_WORDS.has(w)))];
}

const questionWords = new WeakMap<Question, string[]>();
/** A cached question's content words, worked out once (questions are immutable snapshots). */
function wordsOf(q: Question): string[] {
  const known = questionWords.get(q);
  if (known) return known;
  const words = contentWords(q.title);
  questionWords.set(q, words);
  return words;
}

/**
 * Practices and answered questions like `text`, best first. A practice matches every content word (the
 * last one as a prefix while it is typed) or, when none does, the two longest words typed in full. Questions match
 * when they share at least half the content words.
 */
export function suggestExisting(
  search: LocalSearch,
  questions: readonly Question[],
  text: string,
  options: { community?: string; limit?: number } = {},
): SimilarItem[] {
  const limit = options.limit ?? 5;
  const words = contentWords(text);
  if (words.length === 0) return [];
  // Still typing the last word: keep it a prefix (the search reads a trailing space as "word done").
  const typing = !/\s$/.test(text);
  const scope = options.community ? { community: options.community } : {};
  const practices = search.query(words.join(' ') + (typing ? '' : ' '), { limit, ...scope });
  // A person's words rarely all appear in one practice: then the two longest words typed in full
  // (the most telling, and one query: a query per word would cost a scan each).
  const done = typing ? words.slice(0, -1) : words;
  if (practices.length === 0 && done.length > 2) {
    const telling = [...done].sort((x, y) => y.length - x.length).slice(0, 2);
    practices.push(...search.query(`${telling.join(' ')} `, { limit, ...scope }));
  }
  const wanted = new Set(words);
  const enough = Math.max(1, Math.ceil(words.length / 2));
  const answered = questions
    .filter(
      (q) => q.status === 'answered' && (!options.community || q.community === options.community),
    )
    .map((q) => ({ q, shared: wordsOf(q).filter((w) => wanted.has(w)).length }))
    .filter((m) => m.shared >= enough)
    .sort((a, b) => b.shared - a.shared)
    .slice(0, 3);
  return [
    ...practices.slice(0, limit).map((p) => ({
      kind: 'practice' as const,
      id: p.id,
      title: p.title,
      ...(p.source?.url ? { href: p.source.url } : {}),
    })),
    ...answered.map(({ q }) => ({ kind: 'question' as const, id: q.id, title: q.title })),
  ].slice(0, limit);
}
