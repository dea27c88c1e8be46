/** What admitting someone to a community settles: their pending request, or an earlier removal. */
import { type Db, nowIso } from '../context';
import type { CommunityRow } from './access';
import { joinRequestRow } from './membership-rows';
import { notify } from './notifications';

/**
 * A coordinator or an invitation added the person: a pending request is settled as approved (and the person
 * told), and an earlier removal no longer stands in their way.
 */
export async function settleOnAdmission(
  db: Db,
  community: CommunityRow,
  userId: string,
  actorId: string,
) {
  const request = await joinRequestRow(db, community.id, userId);
  if (!request) return;
  if (request.status === 'pending') {
    await db
      .updateTable('join_requests')
      .set({ status: 'approved', decided_at: nowIso(), decided_by: actorId })
      .where('id', '=', request.id)
      .execute();
    await notify(
      db,
      userId,
      community.id,
      'join-approved',
      `You are now a member of ${community.name}.`,
    );
  } else if (request.status === 'removed') {
    await db.deleteFrom('join_requests').where('id', '=', request.id).execute();
  }
}
