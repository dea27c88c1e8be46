/**
 * The changes committed after a version, read by every request after a write (read-scope.ts: which
 * communities and kinds of answer a write made stale). Without an index that starts with the version,
 * that read scanned the whole feed — 14 ms at 100,000 practices, once per write, on the event loop.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql.raw('CREATE INDEX changes_version ON changes(version)').execute(db);
}
