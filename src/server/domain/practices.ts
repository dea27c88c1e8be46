/** Practices: capture, edit with conflict detection, curation (review) and endorsement. */

import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type {
  CreatePracticeArgs,
  EndorsePracticeArgs,
  ReviewAction,
  UpdatePracticeArgs,
} from '../../core/schemas';
import { parseIntervals, reviewDays, reviewDueAt } from '../../core/stewardship';
import type { PendingRevision, Practice, PracticeSource } from '../../core/types';
import { type Db, nowIso, type Principal } from '../context';
import type { Database } from '../storage/schema';
import { communityById, requireCoordinator, requireMember, requireUser } from './access';
import { recordAudit } from './audit';
import { recordChange } from './changes';
import { badRequest, conflict, forbidden, notFound } from './errors';
import { isRetriedCreate } from './retried-create';
import { refuseSecrets } from './secret-guard';
import { enqueueWebhookEvent } from './webhooks';

type PracticeRow = Selectable<Database['practices']> & {
  author_name: string;
  community_slug: string;
  review_interval_days: number;
  review_intervals: string | null;
};

/** The page a practice was captured from, with its quote, from the row's own columns. */
export function primarySource(
  row: Pick<
    Selectable<Database['practices']>,
    'source_url' | 'source_title' | 'quote_exact' | 'quote_prefix' | 'quote_suffix'
  >,
): PracticeSource | null {
  if (!row.source_url) return null;
  return {
    url: row.source_url,
    title: row.source_title ?? '',
    ...(row.quote_exact
      ? {
          quote: {
            exact: row.quote_exact,
            prefix: row.quote_prefix ?? '',
            suffix: row.quote_suffix ?? '',
          },
        }
      : {}),
  };
}

export function practiceFromRow(row: PracticeRow): Practice {
  return {
    id: row.id,
    community: row.community_slug,
    title: row.title,
    body: row.body,
    kind: row.kind as Practice['kind'],
    tags: JSON.parse(row.tags) as string[],
    source: primarySource(row),
    status: row.status as Practice['status'],
    featured: row.featured === 1,
    version: row.version,
    author: row.author_id,
    authorName: row.author_name,
    endorsements: row.endorsement_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    // Added by the console (merge): every source once duplicates are merged, and where a duplicate went.
    ...(row.sources ? { sources: JSON.parse(row.sources) as PracticeSource[] } : {}),
    ...(row.merged_into ? { mergedInto: row.merged_into } : {}),
    ...(row.from_question_id ? { fromQuestion: row.from_question_id } : {}),
    // Stewardship (0012): the interval counts from the last verification, or from the capture.
    owner: row.owner_id ?? row.author_id,
    verifiedAt: row.verified_at,
    reviewDueAt: reviewDueAt(
      row.verified_at ?? row.created_at,
      reviewDays(row.kind, row.review_interval_days, parseIntervals(row.review_intervals)),
    ),
    due: row.due === 1,
    helpedCount: row.helped_count,
    ...(row.pending_revision
      ? { pendingRevision: JSON.parse(row.pending_revision) as PendingRevision }
      : {}),
  };
}

/** Practices with their author's name and community slug, ready for `practiceFromRow`. */
export const selectPractices = (db: Db) =>
  db
    .selectFrom('practices as p')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .innerJoin('communities as c', 'c.id', 'p.community_id')
    .selectAll('p')
    .select([
      'u.name as author_name',
      'c.slug as community_slug',
      'c.review_interval_days as review_interval_days',
      'c.review_intervals as review_intervals',
    ]);

export async function getPractice(db: Db, id: string): Promise<Practice> {
  const row = await selectPractices(db).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`The practice ${id}`);
  return practiceFromRow(row);
}

/** The practice's own row (no joins), or not found. */
export async function practiceRow(db: Db, id: string) {
  const row = await db.selectFrom('practices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`The practice ${id}`);
  return row;
}

/**
 * A member's hold on a practice: who they are, the practice's row and their standing in its community.
 * With `found`, those outside the community hear "not found", exactly as for a missing id.
 */
export async function practiceForMember(
  db: Db,
  principal: Principal,
  id: string,
  found?: { hidden: string },
) {
  const { user } = requireUser(principal);
  const row = await practiceRow(db, id);
  const community = await communityById(db, row.community_id);
  const { standing } = await requireMember(db, principal, community, found);
  return { user, row, standing };
}

/** Tells the clients of the practice's community that it changed. */
export const announcePractice = (db: Db, row: { id: string; community_id: string }) =>
  recordChange(db, { entity: 'practice', entityId: row.id, communityId: row.community_id });

async function replaceTags(db: Db, practiceId: string, tags: string[]) {
  await db.deleteFrom('practice_tags').where('practice_id', '=', practiceId).execute();
  await insertTags(db, practiceId, tags);
}

/** Indexes a new practice's tags (for filters and stewards). */
export async function insertTags(db: Db, practiceId: string, tags: string[]) {
  if (tags.length)
    await db
      .insertInto('practice_tags')
      .values(tags.map((tag) => ({ practice_id: practiceId, tag })))
      .execute();
}

/**
 * Creates a practice with status `captured`; creating the same id again by its author changes nothing.
 * Returns nothing: a push never reads the practice back, and a REST create reads it with getPractice.
 */
export async function createPractice(
  db: Db,
  principal: Principal,
  args: CreatePracticeArgs,
): Promise<void> {
  const { user } = requireUser(principal);
  const { community } = await requireMember(db, principal, args.community);
  refuseSecrets('practice', {
    title: args.title,
    note: args.body,
    quote: args.source?.quote?.exact,
    'text around the quote': `${args.source?.quote?.prefix ?? ''} ${args.source?.quote?.suffix ?? ''}`,
    'source address': args.source?.url,
  });
  if (await isRetriedCreate(db, 'practices', args.id, user.id, 'practice')) return;
  const now = nowIso();
  const steward = await stewardOf(db, community.id, args.tags);
  await db
    .insertInto('practices')
    .values({
      id: args.id,
      community_id: community.id,
      author_id: user.id,
      owner_id: steward ?? user.id,
      title: args.title,
      body: args.body,
      kind: args.kind,
      tags: JSON.stringify(args.tags),
      source_url: args.source?.url ?? null,
      source_title: args.source?.title ?? null,
      quote_exact: args.source?.quote?.exact ?? null,
      quote_prefix: args.source?.quote?.prefix ?? null,
      quote_suffix: args.source?.quote?.suffix ?? null,
      ...freshPractice(now),
    })
    .execute();
  await insertTags(db, args.id, args.tags);
  await announcePractice(db, { id: args.id, community_id: community.id });
}

/** What every new practice starts as: a capture at version 1, neither featured nor endorsed. */
export const freshPractice = (now: string) => ({
  status: 'captured' as const,
  featured: 0,
  version: 1,
  endorsement_count: 0,
  created_at: now,
  updated_at: now,
});

/** The steward of the first of `tags` that has one: they own what is captured with it. */
async function stewardOf(db: Db, communityId: string, tags: string[]): Promise<string | undefined> {
  if (!tags.length) return undefined;
  const rows = await db
    .selectFrom('tag_stewards')
    .select(['tag', 'user_id'])
    .where('community_id', '=', communityId)
    .where('tag', 'in', tags)
    .execute();
  for (const tag of tags) {
    const row = rows.find((r) => r.tag === tag);
    if (row) return row.user_id;
  }
  return undefined;
}

export type UpdateOutcome =
  | { status: 'applied'; practice: Practice }
  | { status: 'conflict'; conflictId: string; message: string };

/**
 * Applies an edit made from `baseVersion`. If someone changed the practice since, nothing is overwritten:
 * the edit is kept as a conflict beside the stored version until its author or a coordinator resolves it.
 */
export async function updatePractice(
  db: Db,
  principal: Principal,
  args: UpdatePracticeArgs,
): Promise<UpdateOutcome> {
  const { user, row, standing } = await practiceForMember(db, principal, args.id, {
    hidden: `The practice ${args.id}`,
  });
  const ownsIt = row.author_id === user.id || row.owner_id === user.id;
  if (!ownsIt && standing === 'member') {
    throw forbidden('Only the author, the owner or a coordinator can edit this practice.');
  }
  refuseSecrets('practice', { title: args.patch.title, note: args.patch.body });
  if (row.version !== args.baseVersion) {
    const conflictId = randomUUID();
    const current = {
      title: row.title,
      body: row.body,
      kind: row.kind,
      tags: JSON.parse(row.tags),
      version: row.version,
    };
    await db
      .insertInto('conflicts')
      .values({
        id: conflictId,
        entity: 'practice',
        entity_id: row.id,
        community_id: row.community_id,
        author_id: user.id,
        base_version: args.baseVersion,
        current_version: row.version,
        proposed: JSON.stringify(args.patch),
        current: JSON.stringify(current),
        resolved_at: null,
        resolved_by: null,
        created_at: nowIso(),
      })
      .execute();
    await recordChange(db, {
      entity: 'conflict',
      entityId: conflictId,
      communityId: row.community_id,
      audience: user.id,
    });
    return {
      status: 'conflict',
      conflictId,
      message: `The practice changed since you opened it (version ${args.baseVersion}, now ${row.version}). Both versions are kept; resolve the conflict to choose.`,
    };
  }
  const patch = args.patch;
  // A published practice was reviewed: a member's edit waits beside it until a coordinator publishes it,
  // and readers keep seeing the reviewed text. The version still moves on, so the next offline edit
  // (which names version + 1, as the client counts) applies on top of this one instead of conflicting.
  if (row.status === 'published' && standing === 'member') {
    await proposeRevision(db, row, user.id, patch);
    await announcePractice(db, row);
    return { status: 'applied', practice: await getPractice(db, row.id) };
  }
  await db
    .updateTable('practices')
    .set({
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.body !== undefined && { body: patch.body }),
      ...(patch.kind !== undefined && { kind: patch.kind }),
      ...(patch.tags !== undefined && { tags: JSON.stringify(patch.tags) }),
      version: row.version + 1,
      updated_at: nowIso(),
    })
    .where('id', '=', row.id)
    .execute();
  if (patch.tags) await replaceTags(db, row.id, patch.tags);
  if (row.author_id !== user.id) {
    await recordAudit(
      db,
      user.id,
      row.community_id,
      'edit',
      'practice',
      row.id,
      pickFields(row, patch),
      patch,
    );
  }
  await announcePractice(db, row);
  return { status: 'applied', practice: await getPractice(db, row.id) };
}

/** Keeps `patch` as the practice's pending revision, on top of any revision already waiting. */
async function proposeRevision(
  db: Db,
  row: Selectable<Database['practices']>,
  userId: string,
  patch: UpdatePracticeArgs['patch'] & { archive?: boolean },
) {
  const waiting = row.pending_revision
    ? (JSON.parse(row.pending_revision) as PendingRevision)
    : undefined;
  const base = waiting ?? {
    title: row.title,
    body: row.body,
    kind: row.kind as PendingRevision['kind'],
    tags: JSON.parse(row.tags) as string[],
  };
  const revision: PendingRevision = {
    title: patch.title ?? base.title,
    body: patch.body ?? base.body,
    kind: patch.kind ?? base.kind,
    tags: patch.tags ?? base.tags,
    author: userId,
    proposedAt: nowIso(),
    ...((patch.archive ?? waiting?.archive) ? { archive: true } : {}),
  };
  await db
    .updateTable('practices')
    .set({
      pending_revision: JSON.stringify(revision),
      version: row.version + 1,
      updated_at: nowIso(),
    })
    .where('id', '=', row.id)
    .execute();
}

/** The owner (or author) proposes archiving: it waits for a coordinator like any revision. */
export async function proposeArchive(db: Db, principal: Principal, id: string): Promise<Practice> {
  const { user, row, standing } = await practiceForMember(db, principal, id);
  if (row.author_id !== user.id && row.owner_id !== user.id && standing === 'member')
    throw forbidden('Only the owner, the author or a coordinator can propose archiving this.');
  if (row.status === 'archived' || row.status === 'rejected')
    throw badRequest('not_live', 'This practice is already archived or rejected.');
  await proposeRevision(db, row, user.id, { archive: true });
  await announcePractice(db, row);
  return getPractice(db, id);
}

function pickFields(row: Selectable<Database['practices']>, patch: object) {
  const before: Record<string, unknown> = {};
  for (const key of Object.keys(patch))
    before[key] = key === 'tags' ? JSON.parse(row.tags) : row[key as keyof typeof row];
  return before;
}

const REVIEW_EFFECT: Record<
  ReviewAction['action'],
  Partial<Pick<Database['practices'], 'status' | 'featured'>>
> = {
  publish: { status: 'published' },
  reject: { status: 'rejected', featured: 0 },
  archive: { status: 'archived', featured: 0 },
  // Featuring puts a practice in front of everyone, so it is published too.
  feature: { status: 'published', featured: 1 },
  unfeature: { featured: 0 },
};

/** A coordinator's curation step, recorded in the audit log with the state before and after. */
export async function reviewPractice(
  db: Db,
  principal: Principal,
  id: string,
  review: ReviewAction,
): Promise<Practice> {
  const { user } = requireUser(principal);
  const row = await practiceRow(db, id);
  await requireCoordinator(db, principal, await communityById(db, row.community_id), {
    hidden: `The practice ${id}`,
  });
  if (row.version !== review.baseVersion) {
    throw conflict(
      'version_conflict',
      `The practice changed since you opened it (version ${review.baseVersion}, now ${row.version}). Reload it and try again.`,
      { currentVersion: row.version },
    );
  }
  const revision = row.pending_revision
    ? (JSON.parse(row.pending_revision) as PendingRevision)
    : undefined;
  // Rejecting a waiting revision of a published practice turns down the revision, not the practice.
  const effect =
    revision && review.action === 'reject' && row.status === 'published'
      ? {}
      : REVIEW_EFFECT[review.action];
  // Publishing (or featuring) takes the waiting revision in: its text becomes the reviewed one.
  const takesRevision =
    revision && !revision.archive && (review.action === 'publish' || review.action === 'feature');
  const now = nowIso();
  await db
    .updateTable('practices')
    .set({
      ...effect,
      ...(takesRevision && {
        title: revision.title,
        body: revision.body,
        kind: revision.kind,
        tags: JSON.stringify(revision.tags),
        verified_at: now,
        due: 0,
      }),
      ...(revision && { pending_revision: null }),
      version: row.version + 1,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  if (takesRevision) await replaceTags(db, id, revision.tags);
  await recordAudit(
    db,
    user.id,
    row.community_id,
    review.action,
    'practice',
    id,
    {
      status: row.status,
      featured: row.featured === 1,
      ...(revision && { title: row.title, body: row.body }),
    },
    {
      status: effect.status ?? row.status,
      featured: (effect.featured ?? row.featured) === 1,
      ...(takesRevision && { title: revision.title, body: revision.body }),
    },
    review.note,
  );
  await announcePractice(db, row);
  // Added by the console: community webhooks hear of newly featured practices.
  if (review.action === 'feature' && row.featured !== 1) {
    const author = await db
      .selectFrom('users')
      .select('name')
      .where('id', '=', row.author_id)
      .executeTakeFirst();
    await enqueueWebhookEvent(db, row.community_id, 'practice.featured', {
      practice: {
        id,
        title: row.title,
        kind: row.kind,
        tags: JSON.parse(row.tags),
        authorName: author?.name ?? '',
      },
    });
  }
  return getPractice(db, id);
}

/**
 * Endorsing says "this helped me"; it is the first, smallest step of participation. Everyone sees the
 * count on the practice; the endorsement itself syncs only to its author (and coordinators), which is all
 * a device needs and keeps a member's first sync free of every other member's endorsements.
 */
export async function endorsePractice(
  db: Db,
  principal: Principal,
  args: EndorsePracticeArgs,
): Promise<void> {
  const { user, row } = await practiceForMember(db, principal, args.practiceId, {
    hidden: `The practice ${args.practiceId}`,
  });
  if (row.author_id === user.id)
    throw badRequest('own_practice', 'You cannot endorse your own practice.');
  const existing = await db
    .selectFrom('endorsements')
    .select('id')
    .where('practice_id', '=', row.id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (args.endorse === Boolean(existing)) return;
  if (args.endorse) {
    const id = randomUUID();
    await db
      .insertInto('endorsements')
      .values({
        id,
        practice_id: row.id,
        community_id: row.community_id,
        user_id: user.id,
        created_at: nowIso(),
      })
      .execute();
    await recordChange(db, {
      entity: 'endorsement',
      entityId: id,
      communityId: row.community_id,
      audience: user.id,
    });
  } else if (existing) {
    await withdrawEndorsement(db, {
      id: existing.id,
      community_id: row.community_id,
      user_id: user.id,
    });
  }
  await db
    .updateTable('practices')
    .set({ endorsement_count: row.endorsement_count + (args.endorse ? 1 : -1) })
    .where('id', '=', row.id)
    .execute();
  await announcePractice(db, row);
}

/** Deletes an endorsement, and from the endorser's devices (only they and coordinators sync it). */
export async function withdrawEndorsement(
  db: Db,
  endorsement: { id: string; community_id: string; user_id: string },
) {
  await db.deleteFrom('endorsements').where('id', '=', endorsement.id).execute();
  await recordChange(db, {
    entity: 'endorsement',
    entityId: endorsement.id,
    communityId: endorsement.community_id,
    audience: endorsement.user_id,
    op: 'delete',
  });
}
