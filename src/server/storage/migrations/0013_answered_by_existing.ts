/**
 * A question answered by existing knowledge: someone about to ask chose a practice or an answered
 * question the ask form suggested instead. Counted once per person and item, for the value figures.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const statements = [
  `CREATE TABLE answered_by_existing (
    kind TEXT NOT NULL, entity_id TEXT NOT NULL, user_id TEXT NOT NULL, community_id TEXT NOT NULL,
    created_at TEXT NOT NULL, PRIMARY KEY (kind, entity_id, user_id))`,
  `CREATE INDEX answered_by_existing_community ON answered_by_existing(community_id, created_at)`,
];

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
