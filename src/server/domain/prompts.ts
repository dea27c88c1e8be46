/** Contextual prompt rules that coordinators set; clients pull them and match pages locally. */
import { randomUUID } from 'node:crypto';
import type { PromptRuleArgs } from '../../core/schemas';
import type { PromptRule } from '../../core/types';
import { type Db, nowIso, type Principal } from '../context';
import type { Database } from '../storage/schema';
import { requireCoordinator, requireMember, requireUser } from './access';
import { recordAudit } from './audit';
import { recordChange } from './changes';
import { notFound } from './errors';

export function promptFromRow(row: Database['prompt_rules'], slug: string): PromptRule {
  return {
    id: row.id,
    community: slug,
    urlPatterns: JSON.parse(row.url_patterns) as string[],
    keywords: JSON.parse(row.keywords) as string[],
    message: row.message,
    enabled: row.enabled === 1,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export async function savePromptRule(
  db: Db,
  principal: Principal,
  args: PromptRuleArgs,
): Promise<PromptRule> {
  const { user } = requireUser(principal);
  const { community } = await requireCoordinator(db, principal, args.community);
  const id = args.id ?? randomUUID();
  const existing = await db
    .selectFrom('prompt_rules')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (existing && existing.community_id !== community.id)
    throw notFound(`The prompt rule ${id} in "${args.community}"`);
  const values = {
    url_patterns: JSON.stringify(args.urlPatterns),
    keywords: JSON.stringify(args.keywords),
    message: args.message,
    enabled: args.enabled ? 1 : 0,
    updated_at: nowIso(),
  };
  if (existing) {
    await db
      .updateTable('prompt_rules')
      .set({ ...values, version: existing.version + 1 })
      .where('id', '=', id)
      .execute();
  } else {
    await db
      .insertInto('prompt_rules')
      .values({ id, community_id: community.id, created_by: user.id, version: 1, ...values })
      .execute();
  }
  await recordAudit(
    db,
    user.id,
    community.id,
    existing ? 'edit-prompt' : 'create-prompt',
    'prompt',
    id,
    existing ?? null,
    values,
  );
  await recordChange(db, { entity: 'prompt', entityId: id, communityId: community.id });
  const row = await db
    .selectFrom('prompt_rules')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return promptFromRow(row, community.slug);
}

export async function listPromptRules(
  db: Db,
  principal: Principal,
  slug: string,
): Promise<PromptRule[]> {
  const { community } = await requireMember(db, principal, slug);
  const rows = await db
    .selectFrom('prompt_rules')
    .selectAll()
    .where('community_id', '=', community.id)
    .execute();
  return rows.map((row) => promptFromRow(row, community.slug));
}
