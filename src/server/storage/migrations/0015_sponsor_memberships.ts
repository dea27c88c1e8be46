/**
 * A sponsor is a membership role: a sponsorship of one community becomes a membership with the role
 * `sponsor` (one source of truth with every other role). Where the person already has a membership there,
 * it is kept as it is: a membership has one role, and a coordinator changes it in Members. Sponsoring every
 * community (which no membership row can say) moves to `store_sponsors`, one row per person.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const statements = [
  // `WHERE` before `ON CONFLICT` keeps SQLite's parser from reading the upsert as a join condition.
  `INSERT INTO memberships (community_id, user_id, role, topics, hidden, joined_at)
    SELECT community_id, user_id, 'sponsor', '[]', 0, created_at FROM sponsors WHERE community_id <> '*'
    ON CONFLICT (community_id, user_id) DO NOTHING`,
  `CREATE TABLE store_sponsors (user_id TEXT PRIMARY KEY, created_at TEXT NOT NULL)`,
  `INSERT INTO store_sponsors (user_id, created_at)
    SELECT user_id, created_at FROM sponsors WHERE community_id = '*'`,
  `DROP TABLE sponsors`,
];

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
