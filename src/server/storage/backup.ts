/**
 * Backups of a SQLite store: a consistent copy taken through SQLite's online backup while the store runs,
 * and a restore that puts such a copy in place of a stopped store's database (keeping the old one aside).
 */
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';

export const DATABASE_FILE = 'cop.sqlite';

export interface BackupSummary {
  file: string;
  practices: number;
  questions: number;
  answers: number;
  memberships: number;
  endorsements: number;
}

/** What a copy holds, after SQLite's own integrity check of it. */
export function summarize(file: string): BackupSummary {
  const database = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const check = database.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`${file} is damaged: ${String(check)}`);
    const count = (table: string) =>
      (database.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return {
      file,
      practices: count('practices'),
      questions: count('questions'),
      answers: count('answers'),
      memberships: count('memberships'),
      endorsements: count('endorsements'),
    };
  } finally {
    database.close();
  }
}

/** Copies the store in `dataDir` to `destination` page by page; writers go on meanwhile. */
export async function backupSqlite(dataDir: string, destination: string): Promise<BackupSummary> {
  const source = join(dataDir, DATABASE_FILE);
  if (!existsSync(source)) throw new Error(`There is no store database at ${source}.`);
  if (existsSync(destination)) throw new Error(`${destination} already exists; choose a new name.`);
  mkdirSync(dirname(destination), { recursive: true });
  const database = new SQLite(source, { fileMustExist: true });
  try {
    await database.backup(destination);
  } finally {
    database.close();
  }
  return summarize(destination);
}

/**
 * Puts the backup `file` in place of the database in `dataDir`. The store must be stopped. The database it
 * replaces (with its write-ahead log, which would otherwise be replayed onto the restored copy) is kept
 * aside under a name ending in `.before-restore-<time>`.
 */
export function restoreSqlite(file: string, dataDir: string): BackupSummary {
  const summary = summarize(file);
  const target = join(dataDir, DATABASE_FILE);
  mkdirSync(dataDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(target + suffix))
      renameSync(target + suffix, `${target}.before-restore-${stamp}${suffix}`);
  }
  copyFileSync(file, target);
  return { ...summary, file: target };
}
