/** The audit log: who changed what in a community, when, with the state before and after. */
import { type Db, nowIso } from '../context';

export async function recordAudit(
  db: Db,
  actorId: string,
  communityId: string | null,
  action: string,
  entity: string,
  entityId: string,
  before: unknown,
  after: unknown,
  note?: string,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      actor_id: actorId,
      community_id: communityId,
      action,
      entity,
      entity_id: entityId,
      before: before === undefined ? null : JSON.stringify(before),
      after: after === undefined ? null : JSON.stringify(after),
      note: note ?? null,
    })
    .execute();
}
