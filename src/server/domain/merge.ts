/**
 * Merging duplicate practices into one: the kept practice gains every source, tag and endorsement of
 * the duplicates; each duplicate is archived with a pointer to where it went, so nothing is lost.
 */

import type { Selectable } from 'kysely';
import { LIMITS } from '../../core/limits';
import type { Practice, PracticeSource } from '../../core/types';
import type { Db, Principal } from '../context';
import { nowIso } from '../context';
import type { Database } from '../storage/schema';
import { communityById, requireCoordinator, requireUser, standingIn } from './access';
import { recordAudit } from './audit';
import { recordChange } from './changes';
import { badRequest, conflict, notFound } from './errors';
import { getPractice, primarySource, withdrawEndorsement } from './practices';

type PracticeRow = Selectable<Database['practices']>;

const sourcesOf = (row: PracticeRow): PracticeSource[] => {
  const extra = row.sources ? (JSON.parse(row.sources) as PracticeSource[]) : [];
  const primary = primarySource(row);
  // `sources` already starts with the primary once a merge has happened.
  return extra.length ? extra : primary ? [primary] : [];
};

const sourceKey = (s: PracticeSource) => `${s.url}\u0000${s.quote?.exact ?? ''}`;

/** The more visible status wins: a published duplicate must not disappear into a fresh capture. */
const STATUS_RANK: Record<string, number> = { published: 3, captured: 2, archived: 1, rejected: 0 };

const summary = (row: PracticeRow) => ({
  title: row.title,
  status: row.status,
  featured: row.featured === 1,
  version: row.version,
  endorsements: row.endorsement_count,
  tags: JSON.parse(row.tags) as string[],
  source: primarySource(row),
});

export async function mergePractices(
  db: Db,
  principal: Principal,
  input: {
    targetId: string;
    baseVersion: number;
    duplicates: { id: string; baseVersion: number }[];
    note?: string;
  },
): Promise<{ practice: Practice; merged: string[] }> {
  const { user } = requireUser(principal);
  const ids = [input.targetId, ...input.duplicates.map((d) => d.id)];
  if (new Set(ids).size !== ids.length)
    throw badRequest('invalid_merge', 'A practice cannot be merged into itself or listed twice.');
  const rows = await db.selectFrom('practices').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const target = byId.get(input.targetId);
  if (!target) throw notFound(`The practice ${input.targetId}`);
  const community = await communityById(db, target.community_id);
  await requireCoordinator(db, principal, community, { hidden: `The practice ${input.targetId}` });

  const expected = new Map([
    [input.targetId, input.baseVersion],
    ...input.duplicates.map((d) => [d.id, d.baseVersion] as const),
  ]);
  const duplicates: PracticeRow[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) throw notFound(`The practice ${id}`);
    if (row.community_id !== target.community_id) {
      // A practice in a community the caller cannot see is answered as a missing one.
      if (!(await standingIn(db, principal, row.community_id)))
        throw notFound(`The practice ${id}`);
      throw badRequest('invalid_merge', 'Only practices of the same community can be merged.');
    }
    if (row.merged_into)
      throw conflict('already_merged', `“${row.title}” was already merged into another practice.`);
    if (row.version !== expected.get(id))
      throw conflict(
        'version_conflict',
        `“${row.title}” changed since you opened it (version ${expected.get(id)}, now ${row.version}). Reload and try again.`,
        { id, currentVersion: row.version },
      );
    if (id !== target.id) duplicates.push(row);
  }

  // Sources: the target's first, then each duplicate's, each remembering where it came from.
  const sources = sourcesOf(target);
  const seen = new Set(sources.map(sourceKey));
  for (const dup of duplicates) {
    for (const source of sourcesOf(dup)) {
      if (seen.has(sourceKey(source))) continue;
      seen.add(sourceKey(source));
      sources.push({ ...source, practiceId: source.practiceId ?? dup.id });
    }
  }
  const tags = [
    ...new Set([target, ...duplicates].flatMap((r) => JSON.parse(r.tags) as string[])),
  ].slice(0, LIMITS.tags);
  const status = [target, ...duplicates]
    .map((r) => r.status)
    .sort((a, b) => (STATUS_RANK[b] ?? 0) - (STATUS_RANK[a] ?? 0))[0]!;
  const featured = [target, ...duplicates].some((r) => r.featured === 1) ? 1 : 0;
  const primary = primarySource(target) ?? sources[0] ?? null;

  // Endorsements move to the kept practice; a person who endorsed several counts once, and the
  // kept practice's author cannot endorse their own practice.
  const endorsers = new Set(
    (
      await db
        .selectFrom('endorsements')
        .select('user_id')
        .where('practice_id', '=', target.id)
        .execute()
    ).map((e) => e.user_id),
  );
  const moving = await db
    .selectFrom('endorsements')
    .selectAll()
    .where(
      'practice_id',
      'in',
      duplicates.map((d) => d.id),
    )
    .orderBy('created_at')
    .execute();
  for (const e of moving) {
    if (endorsers.has(e.user_id) || e.user_id === target.author_id) {
      await withdrawEndorsement(db, e);
      continue;
    }
    endorsers.add(e.user_id);
    await db
      .updateTable('endorsements')
      .set({ practice_id: target.id })
      .where('id', '=', e.id)
      .execute();
    await recordChange(db, {
      entity: 'endorsement',
      entityId: e.id,
      communityId: e.community_id,
      audience: e.user_id,
    });
  }

  const now = nowIso();
  await db
    .updateTable('practices')
    .set({
      tags: JSON.stringify(tags),
      sources: sources.length > 1 ? JSON.stringify(sources) : null,
      source_url: primary?.url ?? null,
      source_title: primary?.title ?? null,
      quote_exact: primary?.quote?.exact ?? null,
      quote_prefix: primary?.quote?.prefix ?? null,
      quote_suffix: primary?.quote?.suffix ?? null,
      status,
      featured,
      endorsement_count: endorsers.size,
      version: target.version + 1,
      updated_at: now,
    })
    .where('id', '=', target.id)
    .execute();
  await db.deleteFrom('practice_tags').where('practice_id', '=', target.id).execute();
  if (tags.length)
    await db
      .insertInto('practice_tags')
      .values(tags.map((tag) => ({ practice_id: target.id, tag })))
      .execute();
  for (const dup of duplicates) {
    await db
      .updateTable('practices')
      .set({
        status: 'archived',
        featured: 0,
        merged_into: target.id,
        endorsement_count: 0,
        version: dup.version + 1,
        updated_at: now,
      })
      .where('id', '=', dup.id)
      .execute();
    await recordAudit(
      db,
      user.id,
      community.id,
      'merged-into',
      'practice',
      dup.id,
      summary(dup),
      { status: 'archived', mergedInto: target.id },
      input.note,
    );
    await recordChange(db, { entity: 'practice', entityId: dup.id, communityId: community.id });
  }
  await recordAudit(
    db,
    user.id,
    community.id,
    'merge',
    'practice',
    target.id,
    { ...summary(target), duplicates: duplicates.map((d) => ({ id: d.id, ...summary(d) })) },
    {
      status,
      featured: featured === 1,
      tags,
      endorsements: endorsers.size,
      sources: sources.length,
      merged: duplicates.map((d) => d.id),
    },
    input.note,
  );
  await recordChange(db, { entity: 'practice', entityId: target.id, communityId: community.id });
  return { practice: await getPractice(db, target.id), merged: duplicates.map((d) => d.id) };
}
