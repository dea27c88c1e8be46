/**
 * Expert lookup: people are recognised by what they contribute, not appointed. Evidence — declared expertise,
 * published practices, accepted answers, endorsements and "this helped" received — is weighted and decays with age.
 */
import { MEMBER_ROLES } from '../../core/kinds';
import type { Evidence, ExpertHit } from '../../core/types';
import type { Principal, StoreContext } from '../context';
import { rankPractices, searchQuestionIds, searchTerms } from '../storage/search';
import { readableCommunities, requireReader } from './access';
import { badRequest } from './errors';

const WEIGHT = { declared: 3, practice: 2, answer: 3, endorsement: 0.5, helped: 1 } as const;
/** Evidence loses half its weight in about four months, so active people rise and old ones fade. */
const HALF_LIFE_DAYS = 120;
const CANDIDATES = 300;

const decay = (at: string, now: number) =>
  0.5 ** (Math.max(0, now - Date.parse(at)) / 86_400_000 / HALF_LIFE_DAYS);

export async function rankExperts(
  ctx: StoreContext,
  principal: Principal,
  { topic, community, limit }: { topic: string; community?: string; limit: number },
): Promise<ExpertHit[]> {
  const db = ctx.storage.db;
  if (!searchTerms(topic).length)
    throw badRequest('invalid_query', 'topic: give a word or two to look for, e.g. "kubernetes".');
  const ids = community
    ? [(await requireReader(db, principal, community)).community.id]
    : (await readableCommunities(db, principal)).read;
  // Anonymous readers of an open community see who knows, not how to mail them.
  return rankExpertsIn(ctx, ids, topic, limit, principal.kind === 'anonymous');
}

/**
 * The ranking itself, over communities the caller has already been allowed to read (automatic routing
 * calls it for the question's community, with nobody signed in).
 */
export async function rankExpertsIn(
  ctx: StoreContext,
  ids: string[],
  topic: string,
  limit: number,
  withoutEmail = false,
): Promise<ExpertHit[]> {
  const db = ctx.storage.db;
  const terms = searchTerms(topic);
  if (!terms.length || !ids.length) return [];
  const now = Date.now();
  const evidence = new Map<string, Evidence[]>();
  const add = (userId: string, e: Evidence) => {
    const list = evidence.get(userId) ?? [];
    list.push(e);
    evidence.set(userId, list);
  };

  // Declared topics: a tag-like match on any term (topics are stored as a JSON array of tags).
  let declared = db
    .selectFrom('memberships')
    .select(['user_id', 'topics', 'joined_at'])
    .where('community_id', 'in', ids)
    .where('role', 'in', MEMBER_ROLES)
    .where('hidden', '=', 0);
  declared = declared.where((eb) =>
    eb.or(terms.map((t) => eb('topics', 'like', `%"${t.replace(/[%_]/g, '')}%`))),
  );
  for (const row of await declared.limit(CANDIDATES).execute()) {
    const topics = (JSON.parse(row.topics) as string[]).filter((t) =>
      terms.some((term) => t.includes(term)),
    );
    add(row.user_id, {
      kind: 'declared',
      title: topics.join(', '),
      at: row.joined_at,
      weight: WEIGHT.declared,
    });
  }

  const practices = await rankPractices(ctx.storage, {
    q: topic,
    communityIds: ids,
    statuses: ['published'],
    limit: CANDIDATES,
    highlight: false,
  });
  for (const p of practices) {
    const d = decay(p.created_at, now);
    add(p.author_id, {
      kind: 'practice',
      id: p.id,
      title: p.title,
      at: p.created_at,
      weight: WEIGHT.practice * d,
    });
    if (p.endorsement_count > 0) {
      add(p.author_id, {
        kind: 'endorsement',
        id: p.id,
        title: `${p.endorsement_count} endorsement${p.endorsement_count === 1 ? '' : 's'} of “${p.title}”`,
        at: p.created_at,
        weight: WEIGHT.endorsement * Math.min(p.endorsement_count, 10) * d,
      });
    }
  }

  // "This helped" says more than an endorsement: someone used the practice and it worked for them.
  const helped = practices.length
    ? await db
        .selectFrom('practices')
        .select(['id', 'helped_count'])
        .where(
          'id',
          'in',
          practices.map((p) => p.id),
        )
        .where('helped_count', '>', 0)
        .execute()
    : [];
  const byId = new Map(practices.map((p) => [p.id, p]));
  for (const h of helped) {
    const p = byId.get(h.id)!;
    add(p.author_id, {
      kind: 'helped',
      id: p.id,
      title: `“${p.title}” helped ${h.helped_count} ${h.helped_count === 1 ? 'person' : 'people'}`,
      at: p.created_at,
      weight: WEIGHT.helped * Math.min(h.helped_count, 10) * decay(p.created_at, now),
    });
  }

  const questionIds = await searchQuestionIds(db, ctx.storage.dialect, topic, ids, CANDIDATES);
  if (questionIds.length) {
    const answers = await db
      .selectFrom('answers as a')
      .innerJoin('questions as q', 'q.id', 'a.question_id')
      .select(['a.author_id', 'a.created_at', 'q.id', 'q.title'])
      .where('a.question_id', 'in', questionIds)
      .where('a.accepted', '=', 1)
      .execute();
    for (const a of answers) {
      add(a.author_id, {
        kind: 'answer',
        id: a.id,
        title: a.title,
        at: a.created_at,
        weight: WEIGHT.answer * decay(a.created_at, now),
      });
    }
  }

  if (!evidence.size) return [];
  const userIds = [...evidence.keys()];
  // Candidates who are members of these communities, with their names; one who chose to hide in any of
  // them is left out of the ranking.
  const people = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', (eb) => eb.fn.max('m.hidden').as('hidden')])
    .where('m.community_id', 'in', ids)
    .where('m.role', 'in', MEMBER_ROLES)
    .where('m.user_id', 'in', userIds)
    .groupBy(['u.id', 'u.name', 'u.email'])
    .execute();
  const users = new Map(
    people
      .filter((p) => Number(p.hidden) === 0)
      .map(({ id, name, email }) => [id, { id, name, email }]),
  );
  return [...evidence.entries()]
    .filter(([id]) => users.has(id))
    .map(([id, list]) => {
      const sorted = list.sort((a, b) => b.weight - a.weight);
      const score = sorted.reduce((sum, e) => sum + e.weight, 0);
      return {
        user: withoutEmail ? { ...users.get(id)!, email: '' } : users.get(id)!,
        score: Math.round(score * 1000) / 1000,
        evidence: sorted
          .slice(0, 5)
          .map((e) => ({ ...e, weight: Math.round(e.weight * 1000) / 1000 })),
      };
    })
    .sort((a, b) => b.score - a.score || a.user.name.localeCompare(b.user.name))
    .slice(0, limit);
}
