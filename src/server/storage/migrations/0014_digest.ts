/**
 * The weekly digest and review intervals per kind: the day a community's digest goes out, the digests sent
 * (one row per community and week, which is also the claim that lets exactly one store process send it),
 * and the kinds of practice that fall due sooner or later than the community's interval.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const statements = [
  // ISO weekday, 1 (Monday) to 7 (Sunday); null: no digest.
  `ALTER TABLE communities ADD COLUMN digest_day SMALLINT`,
  // JSON {kind: days} overriding review_interval_days for those kinds; null: none.
  `ALTER TABLE communities ADD COLUMN review_intervals TEXT`,
  `CREATE TABLE digests (
    community_id TEXT NOT NULL, week TEXT NOT NULL, sent_at TEXT NOT NULL, content TEXT NOT NULL,
    PRIMARY KEY (community_id, week))`,
];

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
