/** The console's schema: merged sources on practices, and community webhooks with their delivery log. */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const statements = [
  // Sources gathered from merged duplicates (JSON array) and, on a merged duplicate, the practice it went into.
  `ALTER TABLE practices ADD COLUMN sources TEXT`,
  `ALTER TABLE practices ADD COLUMN merged_into TEXT`,
  `CREATE TABLE webhooks (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL REFERENCES communities(id), url TEXT NOT NULL,
    secret TEXT NOT NULL, events TEXT NOT NULL, enabled SMALLINT NOT NULL DEFAULT 1, created_by TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE INDEX webhooks_community ON webhooks(community_id)`,
  `CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, community_id TEXT NOT NULL, event TEXT NOT NULL,
    payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT,
    last_status INTEGER, last_error TEXT, created_at TEXT NOT NULL, delivered_at TEXT)`,
  `CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at)`,
  `CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, created_at)`,
  `CREATE TABLE webhook_attempts (
    delivery_id TEXT NOT NULL, attempt INTEGER NOT NULL, at TEXT NOT NULL, status INTEGER, error TEXT,
    ms INTEGER NOT NULL, PRIMARY KEY (delivery_id, attempt))`,
];

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
