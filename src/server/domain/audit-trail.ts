/** Reading the audit log of a community: who did what, when, with the state before and after. */

import type { AuditEntry } from '../../core/console-responses';
import type { Db, Principal } from '../context';
import { requireCoordinator } from './access';

// The answer shapes live in src/core/responses.ts, shared with the clients.
export type { AuditEntry };

export async function listAudit(
  db: Db,
  principal: Principal,
  slug: string,
  { before, limit, action }: { before?: number; limit: number; action?: string },
): Promise<{ items: AuditEntry[]; next: number | null }> {
  const { community } = await requireCoordinator(db, principal, slug);
  let select = db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.actor_id')
    .leftJoin('practices as p', (join) =>
      join.onRef('p.id', '=', 'l.entity_id').on('l.entity', '=', 'practice'),
    )
    .leftJoin('questions as q', (join) =>
      join.onRef('q.id', '=', 'l.entity_id').on('l.entity', '=', 'question'),
    )
    .leftJoin('users as m', (join) =>
      join.onRef('m.id', '=', 'l.entity_id').on('l.entity', '=', 'membership'),
    )
    .leftJoin('prompt_rules as r', (join) =>
      join.onRef('r.id', '=', 'l.entity_id').on('l.entity', '=', 'prompt'),
    )
    .leftJoin('webhooks as w', (join) =>
      join.onRef('w.id', '=', 'l.entity_id').on('l.entity', '=', 'webhook'),
    )
    .selectAll('l')
    .select([
      'u.name as actor_name',
      'p.title as practice_title',
      'q.title as question_title',
      'm.name as member_name',
      'r.message as prompt_message',
      'w.url as webhook_url',
    ])
    .where('l.community_id', '=', community.id);
  if (before !== undefined) select = select.where('l.id', '<', before);
  if (action) select = select.where('l.action', '=', action);
  const rows = await select
    .orderBy('l.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actor: { id: r.actor_id, name: r.actor_name ?? 'Unknown' },
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      entityTitle:
        r.practice_title ??
        r.question_title ??
        r.member_name ??
        r.prompt_message ??
        r.webhook_url ??
        null,
      before: r.before ? JSON.parse(r.before) : null,
      after: r.after ? JSON.parse(r.after) : null,
      note: r.note,
    })),
    next: rows.length > limit ? Number(page.at(-1)!.id) : null,
  };
}
