/**
 * PostgreSQL: search folds accents as SQLite's `remove_diacritics` does ("cafe" finds "café" and the other
 * way round), through a text search configuration `cop_search` = simple + unaccent. Where the unaccent
 * extension is missing or may not be created, nothing changes: search keeps working, without folding
 * (queries use `cop_search` when it exists, else `simple`; see storage/search.ts).
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const vector = (columns: [string, 'A' | 'B' | 'C' | 'D'][]) =>
  columns
    .map(
      ([column, weight]) =>
        `setweight(to_tsvector('cop_search', translate(${column}, '<>/', '   ')), '${weight}')`,
    )
    .join(' || ');

const statements = [
  `CREATE TEXT SEARCH CONFIGURATION cop_search (COPY = simple)`,
  `ALTER TEXT SEARCH CONFIGURATION cop_search ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple`,
  `ALTER TABLE practices DROP COLUMN search`,
  `ALTER TABLE practices ADD COLUMN search tsvector GENERATED ALWAYS AS (${vector([
    ['title', 'A'],
    ['tags', 'B'],
    ['body', 'C'],
    ["coalesce(quote_exact, '')", 'D'],
  ])}) STORED`,
  `CREATE INDEX practices_search ON practices USING GIN (search)`,
  `ALTER TABLE questions DROP COLUMN search`,
  `ALTER TABLE questions ADD COLUMN search tsvector GENERATED ALWAYS AS (${vector([
    ['title', 'A'],
    ['tags', 'B'],
    ['body', 'C'],
  ])}) STORED`,
  `CREATE INDEX questions_search ON questions USING GIN (search)`,
];

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  // Migrations run in a transaction: a refused CREATE EXTENSION is rolled back to here, not the migration.
  await sql`SAVEPOINT unaccent`.execute(db);
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT unaccent`.execute(db);
    return;
  }
  for (const statement of statements) await sql.raw(statement).execute(db);
}
