/**
 * The coordinator's review queue: practices newest first with likely duplicates, review actions on
 * many at once, edits that never overwrite a newer version, and resolving the conflicts they leave.
 */

import type { Selectable } from 'kysely';
import type {
  BulkResult,
  ConflictView,
  EditOutcome,
  QueueItem,
  SimilarRef,
} from '../../core/console-responses';
import type { PracticePatch, ReviewAction } from '../../core/schemas';
import { findSimilar } from '../../core/similarity';
import type { Conflict, Practice, PracticeStatus } from '../../core/types';
import { type Db, nowIso, type Principal } from '../context';
import type { Database } from '../storage/schema';
import { communityById, requireCoordinator, requireMember, requireUser } from './access';
import { recordAudit } from './audit';
import { recordChange, withSavepoint } from './changes';
import { conflict, DomainError, notFound } from './errors';
import {
  getPractice,
  practiceFromRow,
  reviewPractice,
  selectPractices,
  updatePractice,
} from './practices';

// The answer shapes live in src/core/responses.ts, shared with the clients.
export type { BulkResult, ConflictView, EditOutcome, QueueItem, SimilarRef };

/** How many recent practices the duplicate check compares against. */
const SIMILAR_POOL = 1_000;
export const SIMILAR_THRESHOLD = 0.35;

/** Practices of one status (default: fresh captures), newest first, each with its likely duplicates. */
export async function reviewQueue(
  db: Db,
  principal: Principal,
  slug: string,
  { status, limit }: { status?: PracticeStatus | 'all'; limit: number },
): Promise<QueueItem[]> {
  const { community } = await requireCoordinator(db, principal, slug);
  let select = selectPractices(db).where('p.community_id', '=', community.id);
  // What waits for review: fresh captures, and published practices with an edit waiting beside them.
  if ((status ?? 'captured') === 'captured')
    select = select.where((eb) =>
      eb.or([eb('p.status', '=', 'captured'), eb('p.pending_revision', 'is not', null)]),
    );
  else if (status !== 'all') select = select.where('p.status', '=', status!);
  const rows = await select.orderBy('p.created_at', 'desc').orderBy('p.id').limit(limit).execute();
  const items = rows.map(practiceFromRow);
  // Candidates are the practices still in play: fresh or published, never one already merged away.
  const pool = (
    await selectPractices(db)
      .where('p.community_id', '=', community.id)
      .where('p.status', 'in', ['captured', 'published'])
      .orderBy('p.created_at', 'desc')
      .limit(SIMILAR_POOL)
      .execute()
  ).map(practiceFromRow);
  return items.map((p) => ({
    ...p,
    similar:
      p.mergedInto || p.status === 'rejected'
        ? []
        : findSimilar(p, pool, { threshold: SIMILAR_THRESHOLD, limit: 3 }).map(
            ({ practice, score }) => ({
              id: practice.id,
              title: practice.title,
              status: practice.status,
              featured: practice.featured,
              version: practice.version,
              score: Math.round(score * 100) / 100,
            }),
          ),
  }));
}

/** Applies one review action to each practice; one failing (changed meanwhile, gone) does not stop the rest. */
export async function bulkReview(
  db: Db,
  principal: Principal,
  input: {
    action: ReviewAction['action'];
    note?: string;
    items: { id: string; baseVersion: number }[];
  },
): Promise<BulkResult[]> {
  requireUser(principal);
  const results: BulkResult[] = [];
  for (const item of input.items) {
    try {
      const practice = await withSavepoint(db, () =>
        reviewPractice(db, principal, item.id, {
          action: input.action,
          note: input.note,
          baseVersion: item.baseVersion,
        }),
      );
      results.push({ id: item.id, status: 'applied', practice });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind === 'unauthenticated' || error.kind === 'forbidden') throw error;
      results.push({
        id: item.id,
        status: error.kind === 'conflict' ? 'conflict' : 'rejected',
        error: { code: error.code, message: error.message },
      });
    }
  }
  return results;
}

/** A coordinator's edit from `baseVersion`; when the practice changed since, both versions are kept. */
export async function editPractice(
  db: Db,
  principal: Principal,
  id: string,
  baseVersion: number,
  patch: PracticePatch,
): Promise<EditOutcome> {
  const practice = await getPractice(db, id);
  await requireCoordinator(db, principal, practice.community, { hidden: `The practice ${id}` });
  const outcome = await updatePractice(db, principal, { id, baseVersion, patch });
  if (outcome.status === 'applied') return outcome;
  return {
    status: 'conflict',
    conflict: await getConflict(db, outcome.conflictId),
    practice: await getPractice(db, id),
    message: outcome.message,
  };
}

async function conflictRow(db: Db, id: string) {
  const row = await db.selectFrom('conflicts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`The conflict ${id}`);
  return row;
}

/** A conflict as clients see it, in the community with slug `community`. */
export function conflictFromRow(
  row: Selectable<Database['conflicts']>,
  community: string,
): Conflict {
  return {
    id: row.id,
    entity: row.entity,
    entityId: row.entity_id,
    community,
    author: row.author_id,
    baseVersion: row.base_version,
    currentVersion: row.current_version,
    proposed: JSON.parse(row.proposed),
    current: JSON.parse(row.current),
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
  };
}

async function getConflict(db: Db, id: string): Promise<Conflict> {
  const row = await conflictRow(db, id);
  return conflictFromRow(row, (await communityById(db, row.community_id)).slug);
}

/** Unresolved conflicting edits in a community, oldest first, each with the practice as it is now. */
export async function listConflicts(
  db: Db,
  principal: Principal,
  slug: string,
): Promise<ConflictView[]> {
  const { community } = await requireCoordinator(db, principal, slug);
  const rows = await db
    .selectFrom('conflicts as k')
    .innerJoin('users as u', 'u.id', 'k.author_id')
    .select(['k.id', 'u.name as author_name'])
    .where('k.community_id', '=', community.id)
    .where('k.resolved_at', 'is', null)
    .orderBy('k.created_at')
    .limit(200)
    .execute();
  const out: ConflictView[] = [];
  for (const row of rows) {
    const c = await getConflict(db, row.id);
    out.push({ ...c, authorName: row.author_name, practice: await getPractice(db, c.entityId) });
  }
  return out;
}

/**
 * Settles a conflict: `current` keeps the stored practice and drops the proposed edit; `proposed`
 * applies the edit on top of the practice as it is now (`baseVersion` must name that version).
 */
export async function resolveConflict(
  db: Db,
  principal: Principal,
  id: string,
  keep: 'current' | 'proposed',
  baseVersion: number,
): Promise<{ practice: Practice; conflict: Conflict }> {
  const { user } = requireUser(principal);
  const row = await conflictRow(db, id);
  // The person whose edit was kept aside settles it, or a coordinator does (DESIGN.md, sync protocol).
  const community = await communityById(db, row.community_id);
  const found = { hidden: `The conflict ${id}` };
  if (row.author_id === user.id) await requireMember(db, principal, community, found);
  else await requireCoordinator(db, principal, community, found);
  if (row.resolved_at) throw conflict('already_resolved', 'This conflict was already resolved.');
  if (keep === 'proposed') {
    const outcome = await updatePractice(db, principal, {
      id: row.entity_id,
      baseVersion,
      patch: JSON.parse(row.proposed),
    });
    if (outcome.status === 'conflict') {
      // The practice moved again: the new conflict is the one to settle, so this attempt leaves nothing behind.
      throw conflict(
        'version_conflict',
        'The practice changed again while you were resolving. Reload and choose again.',
      );
    }
  }
  await db
    .updateTable('conflicts')
    .set({ resolved_at: nowIso(), resolved_by: user.id })
    .where('id', '=', id)
    .execute();
  await recordAudit(
    db,
    user.id,
    row.community_id,
    'resolve-conflict',
    'practice',
    row.entity_id,
    JSON.parse(row.current),
    keep === 'proposed' ? JSON.parse(row.proposed) : JSON.parse(row.current),
    keep === 'proposed' ? 'kept the proposed edit' : 'kept the stored version',
  );
  await recordChange(db, {
    entity: 'conflict',
    entityId: id,
    communityId: row.community_id,
    audience: row.author_id,
  });
  return { practice: await getPractice(db, row.entity_id), conflict: await getConflict(db, id) };
}
