import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { expect, it } from 'vitest';
import { up } from './0015_sponsor_memberships';

it('turns each sponsorship into a sponsor membership, keeps other roles and moves "every community" aside', async () => {
  const db = new Kysely<unknown>({
    dialect: new SqliteDialect({ database: new SQLite(':memory:') }),
  });
  for (const statement of [
    // The two tables as 0001 and 0012 left them.
    `CREATE TABLE memberships (community_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL,
      topics TEXT NOT NULL DEFAULT '[]', hidden SMALLINT NOT NULL DEFAULT 0, joined_at TEXT NOT NULL,
      PRIMARY KEY (community_id, user_id))`,
    `CREATE TABLE sponsors (user_id TEXT NOT NULL, community_id TEXT NOT NULL, created_at TEXT NOT NULL,
      PRIMARY KEY (user_id, community_id))`,
    `INSERT INTO memberships VALUES ('alpha', 'cora', 'coordinator', '["deploy"]', 0, '2026-01-01')`,
    `INSERT INTO sponsors VALUES ('sam', 'alpha', '2026-02-01'), ('sam', 'beta', '2026-02-01'),
      ('cora', 'alpha', '2026-02-02'), ('ali', '*', '2026-02-03')`,
  ])
    await sql.raw(statement).execute(db);
  await up(db, 'sqlite');
  const memberships = await sql<{ community_id: string; user_id: string; role: string }>`
    select community_id, user_id, role from memberships order by community_id, user_id`.execute(db);
  expect(memberships.rows).toEqual([
    // A membership has one role: Cora stays coordinator of alpha.
    { community_id: 'alpha', user_id: 'cora', role: 'coordinator' },
    { community_id: 'alpha', user_id: 'sam', role: 'sponsor' },
    { community_id: 'beta', user_id: 'sam', role: 'sponsor' },
  ]);
  const everywhere = await sql`select user_id, created_at from store_sponsors`.execute(db);
  expect(everywhere.rows).toEqual([{ user_id: 'ali', created_at: '2026-02-03' }]);
  await expect(sql`select * from sponsors`.execute(db)).rejects.toThrow(/no such table/);
  await db.destroy();
});
