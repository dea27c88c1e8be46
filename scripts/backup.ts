/**
 * `npm run backup [-- FILE]`: a consistent copy of the SQLite store in COP_DATA_DIR (./data), taken while it runs.
 * `npm run restore -- FILE`: puts a backup in place of the (stopped) store's database.
 * For PostgreSQL, use pg_dump and pg_restore (docs/deploy.md).
 */
import { resolve } from 'node:path';
import { backupSqlite, restoreSqlite } from '../src/server/storage/backup';

const [command, file] = process.argv.slice(2);
const dataDir = resolve(process.env.COP_DATA_DIR ?? './data');

try {
  if (process.env.DATABASE_URL?.startsWith('postgres'))
    throw new Error('This store runs on PostgreSQL: back it up with pg_dump (see docs/deploy.md).');
  if (command === 'backup') {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const summary = await backupSqlite(dataDir, resolve(file ?? `backups/cop-${stamp}.sqlite`));
    console.log(`Backed up ${dataDir} to ${summary.file}:`, summary);
  } else if (command === 'restore' && file) {
    const summary = restoreSqlite(resolve(file), dataDir);
    console.log(
      `Restored ${file} into ${dataDir} (the previous database is kept beside it):`,
      summary,
    );
  } else {
    throw new Error('Usage: npm run backup [-- FILE]  or  npm run restore -- FILE');
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
