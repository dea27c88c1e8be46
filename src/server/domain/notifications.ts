/** What a person is told by the store (a join request's outcome, a removal), shown with their profile. */
import { randomUUID } from 'node:crypto';
import type { Notification } from '../../core/accounts';
import { type Db, nowIso } from '../context';

/** How many recent notifications a profile carries. */
const RECENT = 20;

export async function notify(
  db: Db,
  userId: string,
  communityId: string | null,
  kind: string,
  message: string,
): Promise<void> {
  await db
    .insertInto('notifications')
    .values({
      id: randomUUID(),
      user_id: userId,
      community_id: communityId,
      kind,
      message,
      created_at: nowIso(),
      read_at: null,
    })
    .execute();
}

/** The person's latest notifications, newest first, read or not. */
export async function recentNotifications(db: Db, userId: string): Promise<Notification[]> {
  const rows = await db
    .selectFrom('notifications as n')
    .leftJoin('communities as c', 'c.id', 'n.community_id')
    .select(['n.id', 'n.kind', 'c.slug', 'n.message', 'n.created_at', 'n.read_at'])
    .where('n.user_id', '=', userId)
    .orderBy('n.created_at', 'desc')
    .limit(RECENT)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    community: r.slug ?? null,
    message: r.message,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

/** Marks the given notifications (all, when none are named) read; returns how many changed. */
export async function markRead(db: Db, userId: string, ids?: string[]): Promise<number> {
  let query = db
    .updateTable('notifications')
    .set({ read_at: nowIso() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) {
    if (!ids.length) return 0;
    query = query.where('id', 'in', ids);
  }
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}
