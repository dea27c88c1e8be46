/**
 * SQLite: new practices are indexed for full-text search right after their write commits, not inside it
 * (see storage/practice-index.ts). The insert trigger only queues the practice's rowid; an edit or delete of
 * a practice still in the queue leaves the index alone (the queue indexes the row as it then is), and one
 * already indexed is updated in the index at once, as before. FTS5's automerge is off: indexing the queue
 * merges segments in small steps. PostgreSQL's index is part of the row: no change.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const scope = (row: 'new' | 'old') => `'c' || replace(${row}.community_id, '-', '')`;
const columns = (row: 'new' | 'old') =>
  `${row}.rid, ${row}.title, ${row}.body, ${row}.tags, ${row}.quote_exact, ${scope(row)}`;
const queued = `EXISTS (SELECT 1 FROM practices_fts_queue q WHERE q.rid = old.rid)`;

const statements = [
  `CREATE TABLE practices_fts_queue (rid INTEGER PRIMARY KEY)`,
  `DROP TRIGGER practices_fts_insert`,
  `DROP TRIGGER practices_fts_delete`,
  `DROP TRIGGER practices_fts_update`,
  `CREATE TRIGGER practices_fts_insert AFTER INSERT ON practices BEGIN
    INSERT OR IGNORE INTO practices_fts_queue(rid) VALUES (new.rid);
  END`,
  // One trigger, so the queue is read before this deletes from it.
  `CREATE TRIGGER practices_fts_delete AFTER DELETE ON practices BEGIN
    INSERT INTO practices_fts(practices_fts, rowid, title, body, tags, quote_exact, scope)
      SELECT 'delete', ${columns('old')} WHERE NOT ${queued};
    DELETE FROM practices_fts_queue WHERE rid = old.rid;
  END`,
  `CREATE TRIGGER practices_fts_update AFTER UPDATE OF title, body, tags, quote_exact, community_id ON practices
    WHEN NOT ${queued} BEGIN
    INSERT INTO practices_fts(practices_fts, rowid, title, body, tags, quote_exact, scope)
      VALUES ('delete', ${columns('old')});
    INSERT INTO practices_fts(rowid, title, body, tags, quote_exact, scope) VALUES (${columns('new')});
  END`,
  // Segments are merged a little with each step of the queue instead (storage/practice-index.ts).
  `INSERT INTO practices_fts(practices_fts, rank) VALUES ('automerge', 0)`,
];

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  for (const statement of statements) await sql.raw(statement).execute(db);
}
