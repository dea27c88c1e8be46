/**
 * Embed tokens are matched to a person by their issuer and `sub` together, not by `sub` alone (and never by
 * email once bound): `embed_identities` holds each binding. Subjects bound before this migration came from
 * the one COP_EMBED_SECRET, so they move over under the default issuer key. `store_secrets` holds secrets the
 * store generates for itself (the demo's signing key), so every process sharing the database uses the same.
 * Stored emails take the one normalised form (NFKC, lower case) that every lookup now uses.
 */
import { type Kysely, sql } from 'kysely';
import { normalizeEmail } from '../../../core/email';
import type { Dialect } from '../database';

/** The issuer key for embed tokens that carry no `iss` claim (kept in step with http/embed-token.ts). */
const DEFAULT_ISSUER = 'cop:embed';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('embed_identities')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('embed_identities_pk', ['issuer', 'subject'])
    .execute();
  await db.schema
    .createIndex('embed_identities_user')
    .on('embed_identities')
    .column('user_id')
    .execute();
  await sql`insert into embed_identities (issuer, subject, user_id, created_at)
    select ${DEFAULT_ISSUER}, embed_subject, id, created_at from users where embed_subject is not null`.execute(
    db,
  );
  await db.schema
    .createTable('store_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // An email that would collide with another account's once normalised keeps its old form (an admin can fix it).
  const users = (await sql<{ id: string; email: string }>`select id, email from users`.execute(db))
    .rows;
  const taken = new Set(users.map((u) => u.email));
  for (const user of users) {
    const normal = normalizeEmail(user.email);
    if (!normal || normal === user.email || taken.has(normal)) continue;
    await sql`update users set email = ${normal} where id = ${user.id}`.execute(db);
    taken.add(normal);
  }
}
