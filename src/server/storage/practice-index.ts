/**
 * SQLite's full-text index of practices is brought up to date right after a write commits, outside it. The
 * write only queues the new practice's rowid (migration 0005), committed and fsynced with the practice;
 * indexing the queue is a transaction of its own without the fsync: the index is derived data, and if a crash
 * loses that transaction the queue still holds the rows, which are indexed again. Every search first indexes
 * what is queued, so it sees each committed practice.
 *
 * Segment merges are ours too (FTS5's automerge is off): on its own FTS5 merges 64 pages at a time, ~10 ms,
 * in every tenth write, which was the slowest tenth of pushes. Here each step of the queue merges a little,
 * and once the store has been idle for a while, the index is tidied so searches read few segments.
 */
import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * Rows indexed per transaction. A long queue (a bulk import, a crash) is indexed in steps, so requests run in
 * between and FTS5 writes segments of the usual size.
 */
const CHUNK = 500;
/**
 * Pages merged per practice indexed, in levels holding four segments or more: a practice adds about a third
 * of a page, so merging never falls far behind; a level that still grows to 16 (FTS5's crisismerge) is
 * merged at once.
 */
const MERGE_PER_ROW = 0.25;
/** Quiet time before tidying: a burst of writes is over, and the merging stays out of its way. */
const IDLE_MS = 10_000;
/** Pages per tidying step (~4 ms), until no level holds four segments: requests run between steps. */
const TIDY_STEP = 64;

const NEXT = `SELECT rid FROM practices_fts_queue ORDER BY rid LIMIT ${CHUNK}`;
const INDEX_QUEUED = `INSERT INTO practices_fts(rowid, title, body, tags, quote_exact, scope)
  SELECT p.rid, p.title, p.body, p.tags, p.quote_exact, 'c' || replace(p.community_id, '-', '')
  FROM (${NEXT}) q JOIN practices p ON p.rid = q.rid`;
const CLEAR = `DELETE FROM practices_fts_queue WHERE rid IN (${NEXT})`;

export interface PracticeIndexer {
  /** Indexes the queue once the current turn of the event loop is over (after the answer is written). */
  indexSoon(): Promise<void>;
  /** Indexes the queue now, so a search that follows sees every committed practice. */
  searchable(): Promise<void>;
  /** Indexes the queue and merges the index's segments as an idle store does (steps between requests). */
  tidy(): Promise<void>;
  /** Stops waiting for idle time (the database is closing). */
  stop(): void;
}

export function createPracticeIndexer(
  database: SQLite.Database,
  db: Kysely<Database>,
): PracticeIndexer {
  // Prepared on first use: the queue exists only once the migrations have run.
  let statements: ReturnType<typeof prepare> | undefined;
  function prepare() {
    const queued = database.prepare('SELECT EXISTS (SELECT 1 FROM practices_fts_queue)').pluck();
    const insert = database.prepare(INDEX_QUEUED);
    const clear = database.prepare(CLEAR);
    const merge = database.prepare(
      `INSERT INTO practices_fts(practices_fts, rank) VALUES ('merge', ?)`,
    );
    // FTS5's record of the index's segments (after its config cookie): unchanged by a merge step once there
    // is nothing left to merge.
    const structure = database
      .prepare('SELECT substr(block, 5) FROM practices_fts_data WHERE id = 10')
      .pluck();
    return {
      queued,
      index: database.transaction(() => {
        insert.run();
        const { changes: rows } = clear.run();
        merge.run(Math.max(1, Math.ceil(rows * MERGE_PER_ROW)));
      }),
      /** One step of merging the levels that hold four segments or more; false when there was none. */
      tidyStep: database.transaction(() => {
        const before = structure.get() as Buffer;
        merge.run(TIDY_STEP);
        return !before.equals(structure.get() as Buffer);
      }),
    };
  }

  /** Runs `work` holding Kysely's connection, so no request's transaction is open on it meanwhile. */
  const onConnection = <T>(work: (s: NonNullable<typeof statements>) => T) =>
    db.connection().execute(async () => {
      statements ??= prepare();
      return work(statements);
    });
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  /** Indexes one chunk of the queue; true while rows remain. */
  const indexChunk = (s: NonNullable<typeof statements>) => {
    if (!s.queued.get()) return false;
    // Derived data: its commit is synced with the next acknowledged write's (wal-sync.ts), never waited for.
    s.index();
    return Boolean(s.queued.get());
  };
  const indexQueued = async () => {
    while (await onConnection(indexChunk)) await nextTurn();
  };

  let writes = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const tidy = async () => {
    await indexQueued();
    const seen = writes;
    while (writes === seen && (await onConnection((s) => s.tidyStep()))) await nextTurn();
  };

  let scheduled: Promise<void> | undefined;
  return {
    indexSoon() {
      writes++;
      clearTimeout(idle);
      // Tidying is upkeep: if it fails (a full disk), searches still find everything, a little slower.
      idle = setTimeout(() => void tidy().catch(() => {}), IDLE_MS);
      idle.unref();
      scheduled ??= nextTurn().then(() => {
        scheduled = undefined;
        return indexQueued();
      });
      return scheduled;
    },
    searchable: indexQueued,
    tidy,
    stop: () => clearTimeout(idle),
  };
}
