/** Opens the store's database — embedded SQLite by default, PostgreSQL for a `postgres://` URL — and migrates it. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type ChangeFeed, localChangeFeed, postgresChangeFeed } from './change-feed';
import * as initial from './migrations/0001_initial';
import * as consoleSchema from './migrations/0002_console';
import * as reads from './migrations/0003_reads';
import * as accentFolding from './migrations/0004_accent_folding';
import * as practiceIndexQueue from './migrations/0005_practice_index_queue';
import * as communitySettings from './migrations/0006_community_settings';
import * as sessionsAndJoining from './migrations/0007_sessions_and_joining';
import * as oidc from './migrations/0008_oidc';
import * as embedIdentity from './migrations/0009_embed_identity';
import * as retention from './migrations/0010_retention';
import * as questionLoop from './migrations/0011_question_loop';
import * as stewardship from './migrations/0012_stewardship';
import * as answeredByExisting from './migrations/0013_answered_by_existing';
import * as digest from './migrations/0014_digest';
import * as sponsorMemberships from './migrations/0015_sponsor_memberships';
import { createPracticeIndexer, type PracticeIndexer } from './practice-index';
import type { Database } from './schema';
import { createWalSync, datasyncOf } from './wal-sync';

export type Dialect = 'sqlite' | 'postgres';

/**
 * What a cached read depends on: the global version (bumped by every change to synced data) and the epoch
 * (bumped by writes outside the changes feed that still change an answer: a revoked token, a client's
 * lastMutationId). Both live in the database, so a write by any process sharing it is seen.
 */
export interface Stamp {
  version: number;
  epoch: number;
}

/** The latest change of one kind of entity in one community. */
export interface CommunityChange {
  community_id: string;
  entity: string;
  version: number;
}

export interface Storage extends PracticeIndexer, ChangeFeed {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Reads the stamp with one prepared statement, outside Kysely: it runs on every request. */
  stamp(): Promise<Stamp>;
  /**
   * Resolves once every write committed so far is on disk: a reply acknowledges a write only after it
   * (SQLite syncs in groups, off the event loop: see wal-sync.ts; a PostgreSQL commit is durable already).
   */
  durable(): Promise<void>;
  /** Per community and kind of entity, the latest version of the changes committed after `version`. */
  changedSince(version: number): Promise<CommunityChange[]>;
  /**
   * Runs `work` while no other store process on the same database runs its own: the start-up steps that
   * check, then create (the admin, the demo), would otherwise both create when two processes start at once.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The advisory lock key of the start-up steps (any constant; "CoPK" in ASCII). */
const START_UP_LOCK = 0x436f504b;

const STAMP_SQL = `select (select value from meta where key = 'version') as version,
  (select value from meta where key = 'epoch') as epoch`;

const CHANGED_SINCE_SQL = `select community_id, entity, max(version) as version from changes
  where version > $1 group by community_id, entity`;

/** Versioned migrations, applied in name order; never edit one that has shipped, add the next. */
const MIGRATIONS: Record<string, { up: (db: Kysely<unknown>, dialect: Dialect) => Promise<void> }> =
  {
    '0001_initial': initial,
    '0002_console': consoleSchema,
    '0003_reads': reads,
    '0004_accent_folding': accentFolding,
    '0005_practice_index_queue': practiceIndexQueue,
    '0006_community_settings': communitySettings,
    '0007_sessions_and_joining': sessionsAndJoining,
    '0008_oidc': oidc,
    '0009_embed_identity': embedIdentity,
    '0010_retention': retention,
    '0011_question_loop': questionLoop,
    '0012_stewardship': stewardship,
    '0013_answered_by_existing': answeredByExisting,
    '0014_digest': digest,
    '0015_sponsor_memberships': sponsorMemberships,
  };

// BIGINT columns hold versions and ids that stay far below 2^53, so numbers are safe and simpler than strings.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export interface StorageOptions {
  dataDir: string;
  databaseUrl?: string;
}

export async function openStorage({ dataDir, databaseUrl }: StorageOptions): Promise<Storage> {
  const storage = databaseUrl?.startsWith('postgres')
    ? openPostgres(databaseUrl)
    : openSqlite(join(dataDir, 'cop.sqlite'), dataDir);
  await migrate(storage);
  // The migrations are one large write: fold it into the database file now, so a fresh store's log starts
  // empty instead of holding megabytes until the next checkpoint (which comes only every 10,000 pages).
  if (storage.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(storage.db);
  // Practices a crash left in the index queue.
  await storage.searchable();
  return storage;
}

function openSqlite(file: string, dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  const database = new SQLite(file);
  // WAL lets readers run beside the writer. A commit only appends to the log (synchronous=NORMAL); the
  // log is fsynced in groups before a write is acknowledged (durable(), wal-sync.ts), so an acknowledged
  // write survives power loss without an fsync on the event loop per commit.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // SQLite's default page cache is 2 MB; a store of 100,000 practices is ~300 MB. A 128 MB cache keeps the
  // hot pages (indexes, FTS postings) out of read() calls. (Not mmap: an I/O error there kills the process.)
  database.pragma('cache_size = -131072');
  // A push of twenty practices writes ~150 pages to the WAL; at SQLite's default of a checkpoint every 1,000
  // pages, every seventh push paid for one. At 10,000 (~40 MB of WAL) one write in ~70 does, and copies
  // pages rewritten meanwhile (index interiors, full-text segments) once instead of each time.
  database.pragma('wal_autocheckpoint = 10000');
  // After a disk error (SQLITE_FULL, SQLITE_IOERR) SQLite may roll the transaction back itself; a second
  // ROLLBACK (or savepoint rollback) would then fail and hide the real cause, so it becomes a no-op.
  const noop = database.prepare('select 1');
  // Kysely prepares every query afresh; reusing prepared statements saves SQLite's parse and plan each time.
  const statements = new Map<string, SQLite.Statement>();
  const prepare = (query: string) => {
    let statement = statements.get(query);
    if (!statement) {
      statement = database.prepare(query);
      if (statements.size >= 1_000) statements.delete(statements.keys().next().value!);
      statements.set(query, statement);
    }
    return statement;
  };
  // Rows changed by commits so far: inside a transaction, those before it began (its own are not yet
  // committed, and a sync started meanwhile must not count them as on disk).
  const changesMade = database.prepare<[], number>('select total_changes()').pluck();
  let changedBeforeTransaction = 0;
  const committedChanges = () =>
    database.inTransaction ? changedBeforeTransaction : changesMade.get()!;
  const guarded = {
    close: () => database.close(),
    prepare: (query: string) => {
      if (/^\s*begin\b/i.test(query)) changedBeforeTransaction = changesMade.get()!;
      return !database.inTransaction && /^\s*(rollback|release)\b/i.test(query)
        ? noop
        : prepare(query);
    },
  };
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: guarded }) });
  // The stamp is read on a connection of its own: on the writer's connection it would see a transaction's
  // uncommitted version, which a rollback hands out again later for different data.
  const indexer = createPracticeIndexer(database, db);
  const wal = createWalSync(committedChanges, datasyncOf(`${file}-wal`));
  let reader:
    | {
        connection: SQLite.Database;
        stamp: SQLite.Statement<[], Stamp>;
        changedSince: SQLite.Statement<[number], CommunityChange>;
      }
    | undefined;
  // Opened on first use: the meta table exists only once the migrations have run.
  const read = () => {
    if (!reader) {
      const connection = new SQLite(file, { readonly: true, fileMustExist: true });
      reader = {
        connection,
        stamp: connection.prepare<[], Stamp>(STAMP_SQL),
        changedSince: connection.prepare<[number], CommunityChange>(
          CHANGED_SINCE_SQL.replace('$1', '?'),
        ),
      };
    }
    return reader;
  };
  return {
    db,
    dialect: 'sqlite',
    ...indexer,
    ...localChangeFeed,
    // One process owns a SQLite file.
    exclusively: (work) => work(),
    stamp: async () => read().stamp.get()!,
    changedSince: async (version) => read().changedSince.all(version),
    durable: wal.durable,
    close: async () => {
      indexer.stop();
      await wal.close();
      reader?.connection.close();
      await db.destroy();
    },
  };
}

function openPostgres(connectionString: string): Storage {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection the server ends (a restart, a failover, an administrator) is an 'error' event on the
  // pool; unheard, it would end the whole store. pg drops that connection and the next query opens a new one.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const stamp = async () => (await pool.query<Stamp>({ name: 'stamp', text: STAMP_SQL })).rows[0]!;
  return {
    db,
    dialect: 'postgres',
    ...postgresChangeFeed(connectionString, async () => Number((await stamp()).version)),
    // The search vector is a column of the row, written with it.
    indexSoon: async () => {},
    searchable: async () => {},
    tidy: async () => {},
    stop: () => {},
    stamp,
    // A commit returns once PostgreSQL has it on disk (synchronous_commit).
    durable: async () => {},
    changedSince: async (version) =>
      (
        await pool.query<CommunityChange>({
          name: 'changed-since',
          text: CHANGED_SINCE_SQL,
          values: [version],
        })
      ).rows,
    // A session lock held on one pooled connection while `work` runs on the others.
    exclusively: (work) =>
      db.connection().execute(async (connection) => {
        await sql`select pg_advisory_lock(${START_UP_LOCK})`.execute(connection);
        try {
          return await work();
        } finally {
          await sql`select pg_advisory_unlock(${START_UP_LOCK})`.execute(connection);
        }
      }),
    close: () => db.destroy(),
  };
}

async function migrate({ db, dialect }: Storage): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(MIGRATIONS)) {
    migrations[name] = { up: (trx) => migration.up(trx, dialect) };
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'cop_migrations',
    migrationLockTableName: 'cop_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
