/**
 * Settings several features share, added once so each feature's own migration only touches its own tables:
 * a community's openness (join with one click, or ask), its review interval and question routing, and a
 * person's disabled state (an admin cuts access at once; what they wrote stays).
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  // Existing communities open to anonymous readers stay open to joiners; the others become closed.
  await db.schema
    .alterTable('communities')
    .addColumn('open', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update communities set open = anonymous_read`.execute(db);
  await db.schema
    .alterTable('communities')
    .addColumn('review_interval_days', 'integer', (c) => c.notNull().defaultTo(90))
    .execute();
  await db.schema
    .alterTable('communities')
    .addColumn('routing_seats', 'integer', (c) => c.notNull().defaultTo(3))
    .execute();
  await db.schema
    .alterTable('communities')
    .addColumn('auto_routing', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
}
