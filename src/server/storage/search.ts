/** Full-text search, the one place with engine-specific SQL: FTS5 with bm25 on SQLite, tsvector with ts_rank on PostgreSQL. */
import { type Kysely, sql } from 'kysely';
import type { Dialect, Storage } from './database';
import type { Database } from './schema';

/** Marks around matched terms; control characters never survive validation, so they cannot come from content. */
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';

/** Splits a query into at most eight plain word terms; nothing of the query's own syntax reaches the engine. */
export function searchTerms(q: string): string[] {
  return (
    q
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, 8);
}

/** Every term must match the start of a word: "deploy" finds "deployment", and typing finds as you go. */
const ftsMatch = (terms: string[]) => terms.map((t) => `"${t}"*`).join(' ');
const tsQuery = (terms: string[]) => terms.map((t) => `${t}:*`).join(' & ');

const BRACKETS = '\u0004\u0005\u0006';

/** PostgreSQL: the accent-folding configuration where migration 0004 could create it, else plain `simple`. */
const CONFIG = sql`coalesce((select oid::regconfig from pg_ts_config where cfgname = 'cop_search' limit 1), 'simple'::regconfig)`;
const restoreBrackets = (s: string) =>
  s.replaceAll('\u0004', '<').replaceAll('\u0005', '>').replaceAll('\u0006', '/');

export interface PracticeSearch {
  q: string;
  communityIds: string[];
  statuses: string[];
  kind?: string;
  tag?: string;
  limit: number;
  /** false skips the marked title and snippet (expert lookup only needs ids). */
  highlight?: boolean;
}

export interface RankedRow {
  id: string;
  rank: number;
  /** What expert lookup weighs, read from the row the ranking joined anyway. */
  author_id: string;
  title: string;
  created_at: string;
  endorsement_count: number;
  hl_title: string;
  hl_snippet: string;
}

/** Matching practices, best first, with marked title and body snippet (unless `highlight` is false). */
export async function rankPractices(storage: Storage, s: PracticeSearch): Promise<RankedRow[]> {
  const terms = searchTerms(s.q);
  if (!terms.length || !s.communityIds.length || !s.statuses.length) return [];
  const { db, dialect } = storage;
  await storage.searchable();
  const filters = [
    sql`p.community_id in (${sql.join(s.communityIds)})`,
    sql`p.status in (${sql.join(s.statuses)})`,
    ...(s.kind ? [sql`p.kind = ${s.kind}`] : []),
    ...(s.tag
      ? [
          sql`exists (select 1 from practice_tags t where t.practice_id = p.id and t.tag = ${s.tag})`,
        ]
      : []),
  ];
  const where = sql.join(filters, sql` and `);
  // Featured and published practices rank a little higher than fresh captures of equal relevance.
  if (dialect === 'sqlite') {
    // Only the caller's communities: FTS5 intersects the postings, so nothing else is ranked or joined.
    const scope = s.communityIds.map((id) => `c${id.replaceAll('-', '')}`).join(' OR ');
    const match = `{title body tags quote_exact}: (${ftsMatch(terms)}) AND scope: (${scope})`;
    const marks =
      s.highlight === false
        ? sql`'' as hl_title, '' as hl_snippet`
        : sql`highlight(practices_fts, 0, ${MARK_OPEN}, ${MARK_CLOSE}) as hl_title,
        snippet(practices_fts, 1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 24) as hl_snippet`;
    const { rows } = await sql<RankedRow>`
      select p.id, p.author_id, p.title, p.created_at, p.endorsement_count,
        -bm25(practices_fts, 8.0, 1.0, 4.0, 2.0, 0.0) * (case when p.featured = 1 then 1.5 when p.status = 'published' then 1.2 else 1.0 end) as rank,
        ${marks}
      from practices_fts join practices p on p.rid = practices_fts.rowid
      where practices_fts match ${match} and ${where}
      order by rank desc limit ${s.limit}`.execute(db);
    return rows;
  }
  const tsquery = tsQuery(terms);
  const options = `StartSel=${MARK_OPEN}, StopSel=${MARK_CLOSE}`;
  // ts_headline's parser takes `<…>` for markup and `/x` for a path; stand-ins (control characters, which content
  // never holds) keep such text as words, and are turned back into angle brackets below.
  const marks =
    s.highlight === false
      ? sql`'' as hl_title, '' as hl_snippet`
      : sql`ts_headline(${CONFIG}, translate(top.title, '<>/', ${BRACKETS}), top.query, ${`${options}, HighlightAll=true`}) as hl_title,
      ts_headline(${CONFIG}, translate(top.body, '<>/', ${BRACKETS}), top.query, ${`${options}, MaxWords=35, MinWords=15`}) as hl_snippet`;
  const { rows } = await sql<RankedRow>`
    select top.id, top.rank, top.author_id, top.title, top.created_at, top.endorsement_count, ${marks}
    from (
      select p.id, p.title, p.body, p.author_id, p.created_at, p.endorsement_count, query,
        ts_rank_cd(p.search, query, 32) * (case when p.featured = 1 then 1.5 when p.status = 'published' then 1.2 else 1.0 end) as rank
      from practices p, to_tsquery(${CONFIG}, ${tsquery}) query
      where p.search @@ query and ${where}
      order by rank desc limit ${s.limit}
    ) top order by top.rank desc`.execute(db);
  return rows.map((r) => ({
    ...r,
    hl_title: restoreBrackets(r.hl_title),
    hl_snippet: restoreBrackets(r.hl_snippet),
  }));
}

/** Ids of questions matching the terms, best first (used by expert lookup and question search). */
export async function searchQuestionIds(
  db: Kysely<Database>,
  dialect: Dialect,
  q: string,
  communityIds: string[],
  limit: number,
) {
  const terms = searchTerms(q);
  if (!terms.length || !communityIds.length) return [];
  const communities = sql.join(communityIds);
  if (dialect === 'sqlite') {
    const match = ftsMatch(terms);
    const { rows } = await sql<{ id: string }>`
      select q.id from questions_fts join questions q on q.rid = questions_fts.rowid
      where questions_fts match ${match} and q.community_id in (${communities})
      order by bm25(questions_fts) limit ${limit}`.execute(db);
    return rows.map((r) => r.id);
  }
  const tsquery = tsQuery(terms);
  const { rows } = await sql<{ id: string }>`
    select q.id from questions q, to_tsquery(${CONFIG}, ${tsquery}) query
    where q.search @@ query and q.community_id in (${communities})
    order by ts_rank_cd(q.search, query) desc limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}
