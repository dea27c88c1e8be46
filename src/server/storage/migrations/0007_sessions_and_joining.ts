/**
 * Sessions that end and communities people find and join: where each API token was made, requests to join
 * a closed community (and removals a person cannot undo alone), what a person is told, and invitations.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const statements = [
  // Where the session was made (the client's User-Agent), shown when a person reviews their sessions.
  `ALTER TABLE api_tokens ADD COLUMN user_agent TEXT`,
  // One row per person and community: pending, approved, declined, or removed by a coordinator.
  `CREATE TABLE join_requests (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL REFERENCES communities(id),
    user_id TEXT NOT NULL REFERENCES users(id), status TEXT NOT NULL, created_at TEXT NOT NULL,
    decided_at TEXT, decided_by TEXT, UNIQUE (community_id, user_id))`,
  `CREATE INDEX join_requests_pending ON join_requests(community_id, status)`,
  `CREATE TABLE notifications (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), community_id TEXT,
    kind TEXT NOT NULL, message TEXT NOT NULL, created_at TEXT NOT NULL, read_at TEXT)`,
  `CREATE INDEX notifications_user ON notifications(user_id, created_at)`,
  // Only the token's SHA-256 is kept, as with API tokens.
  `CREATE TABLE invitations (
    id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, community_id TEXT NOT NULL REFERENCES communities(id),
    email TEXT NOT NULL, role TEXT NOT NULL, invited_by TEXT NOT NULL, created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL, accepted_at TEXT, accepted_by TEXT)`,
  `CREATE INDEX invitations_community ON invitations(community_id, created_at)`,
];

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
