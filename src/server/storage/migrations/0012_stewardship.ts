/**
 * Stewardship: every practice has an owner and a verification date, and becomes due for review past its
 * community's interval; an author's edit of a published practice waits beside it as a pending revision;
 * readers say a practice helped them (once each); stewards own a tag's practices; sponsors see the overview of the communities they sponsor.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const statements = [
  `ALTER TABLE practices ADD COLUMN owner_id TEXT`,
  `ALTER TABLE practices ADD COLUMN verified_at TEXT`,
  // Set by the stewardship job when the practice passes its interval; it is also the "told once" marker.
  `ALTER TABLE practices ADD COLUMN due SMALLINT NOT NULL DEFAULT 0`,
  `ALTER TABLE practices ADD COLUMN helped_count INTEGER NOT NULL DEFAULT 0`,
  // JSON {title, body, kind, tags, author, proposedAt, archive?}: an edit waiting for review.
  `ALTER TABLE practices ADD COLUMN pending_revision TEXT`,
  `UPDATE practices SET owner_id = author_id`,
  `CREATE INDEX practices_due ON practices(community_id, due)`,
  `CREATE TABLE practice_helped (
    practice_id TEXT NOT NULL, user_id TEXT NOT NULL, community_id TEXT NOT NULL, how TEXT, note TEXT,
    created_at TEXT NOT NULL, PRIMARY KEY (practice_id, user_id))`,
  `CREATE INDEX practice_helped_community ON practice_helped(community_id, created_at)`,
  `CREATE TABLE tag_stewards (
    community_id TEXT NOT NULL, tag TEXT NOT NULL, user_id TEXT NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (community_id, tag))`,
  // The notifications table is 0007's; a practice falling due names the practice.
  `ALTER TABLE notifications ADD COLUMN entity_id TEXT`,
  // A sponsor sees the overview of these communities; community_id '*' means every community.
  `CREATE TABLE sponsors (
    user_id TEXT NOT NULL, community_id TEXT NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, community_id))`,
];

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
