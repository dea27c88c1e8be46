/**
 * Indexes for the retention job (domain/retention.ts): each table it prunes is searched by the time a row
 * became prunable, so an hourly pass reads only what it deletes.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const statements = [
  `CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at)`,
  `CREATE INDEX api_tokens_revoked ON api_tokens(revoked_at)`,
  `CREATE INDEX conflicts_resolved ON conflicts(resolved_at)`,
  `CREATE INDEX webhook_deliveries_created ON webhook_deliveries(created_at)`,
];

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
