/**
 * The question loop: a question's routing rounds (when the next round is due, since when it waits),
 * a person's availability for routing (away until, muted, quiet hours), and the question a practice
 * was promoted from.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  // When the router next looks at the question (null: not routed automatically, or nothing left to do).
  await db.schema.alterTable('questions').addColumn('route_due_at', 'text').execute();
  // Set when a round passed without an answer: coordinators see the question as waiting.
  await db.schema.alterTable('questions').addColumn('waiting_since', 'text').execute();
  await db.schema
    .alterTable('questions')
    .addColumn('routing_rounds', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('questions_route_due')
    .on('questions')
    .column('route_due_at')
    .execute();
  await db.schema.alterTable('users').addColumn('away_until', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('notify_muted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // {"from": "22:00", "to": "07:00"} in the person's own clock, read by their extension.
  await db.schema.alterTable('users').addColumn('quiet_hours', 'text').execute();
  await db.schema.alterTable('practices').addColumn('from_question_id', 'text').execute();
}
