/**
 * Faster reads. SQLite: the practices index also holds each practice's community as a token, so a search
 * intersects the query with the caller's communities inside FTS5 instead of ranking every match in the store;
 * both full-text indexes keep prefix indexes of 2 and 3 characters, because every term is a prefix query
 * ("on" would otherwise merge the postings of every word starting with it: 8 ms instead of 1 at 100,000
 * practices, for 13 % more index).
 * Both engines: an index for the practice feed, the `epoch` counter that cached reads check (see Stamp),
 * and endorsements in the changes feed addressed to their author only.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const sqlite = [
  `DROP TRIGGER practices_fts_insert`,
  `DROP TRIGGER practices_fts_delete`,
  `DROP TRIGGER practices_fts_update`,
  `DROP TABLE practices_fts`,
  // The community id as one token: 'c' and its hex digits (the tokenizer would split at the dashes).
  `CREATE VIEW practices_fts_source AS SELECT rid, title, body, tags, quote_exact,
    'c' || replace(community_id, '-', '') AS scope FROM practices`,
  `CREATE VIRTUAL TABLE practices_fts USING fts5(title, body, tags, quote_exact, scope,
    content='practices_fts_source', content_rowid='rid', tokenize='unicode61 remove_diacritics 2',
    prefix='2 3')`,
  `CREATE TRIGGER practices_fts_insert AFTER INSERT ON practices BEGIN
    INSERT INTO practices_fts(rowid, title, body, tags, quote_exact, scope)
    VALUES (new.rid, new.title, new.body, new.tags, new.quote_exact, 'c' || replace(new.community_id, '-', ''));
  END`,
  `CREATE TRIGGER practices_fts_delete AFTER DELETE ON practices BEGIN
    INSERT INTO practices_fts(practices_fts, rowid, title, body, tags, quote_exact, scope)
    VALUES ('delete', old.rid, old.title, old.body, old.tags, old.quote_exact, 'c' || replace(old.community_id, '-', ''));
  END`,
  `CREATE TRIGGER practices_fts_update AFTER UPDATE OF title, body, tags, quote_exact, community_id ON practices BEGIN
    INSERT INTO practices_fts(practices_fts, rowid, title, body, tags, quote_exact, scope)
    VALUES ('delete', old.rid, old.title, old.body, old.tags, old.quote_exact, 'c' || replace(old.community_id, '-', ''));
    INSERT INTO practices_fts(rowid, title, body, tags, quote_exact, scope)
    VALUES (new.rid, new.title, new.body, new.tags, new.quote_exact, 'c' || replace(new.community_id, '-', ''));
  END`,
  `INSERT INTO practices_fts(practices_fts) VALUES ('rebuild')`,
  // The triggers on questions name questions_fts and keep working with the new table.
  `DROP TABLE questions_fts`,
  `CREATE VIRTUAL TABLE questions_fts USING fts5(title, body, tags,
    content='questions', content_rowid='rid', tokenize='unicode61 remove_diacritics 2', prefix='2 3')`,
  `INSERT INTO questions_fts(questions_fts) VALUES ('rebuild')`,
];

/** Both engines: the practice feed (featured first, then latest) of a community, in index order. */
const feed = `CREATE INDEX practices_feed ON practices(community_id, featured, updated_at)`;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql.raw(feed).execute(db);
  await sql.raw(`INSERT INTO meta (key, value) VALUES ('epoch', 0)`).execute(db);
  // Endorsements sync only to their author (and coordinators, who see everything in their communities).
  await sql
    .raw(`UPDATE changes SET audience = (SELECT user_id FROM endorsements e WHERE e.id = changes.entity_id)
      WHERE entity = 'endorsement' AND op = 'put'`)
    .execute(db);
  if (dialect !== 'sqlite') return;
  for (const statement of sqlite) await sql.raw(statement).execute(db);
}
