/**
 * Read models over the client's cache for the panels: the person's communities, their questions
 * (mine, open, routed to me) and the answers to one question.
 */
import type { CopClient } from '../client';
import { allRows } from '../client/db';
import type { Answer, Community, Question } from '../core/types';
import type { QuestionsView } from './messages';

const newestFirst = <T extends { updatedAt: string }>(a: T, b: T) =>
  b.updatedAt.localeCompare(a.updatedAt);

/** The communities the person belongs to, from the cache, else (first sync not done) from the store. */
export async function myCommunities(
  client: CopClient,
  userId: string,
): Promise<Pick<Community, 'slug' | 'name'>[]> {
  const [memberships, communities] = await Promise.all([
    allRows(client.db, 'membership'),
    allRows(client.db, 'community'),
  ]);
  const slugs = new Set(memberships.filter((m) => m.userId === userId).map((m) => m.community));
  let mine = communities.filter((c) => slugs.has(c.slug));
  if (mine.length === 0) {
    const [me, all] = await Promise.all([client.api.me(), client.api.communities()]);
    const fromStore = new Set(me.memberships.map((m) => m.community));
    mine = all.filter((c) => fromStore.has(c.slug));
  }
  return mine
    .map(({ slug, name }) => ({ slug, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Puts the communities the organisation recommends first, in its order; the rest keep theirs. The
 * first one is what the capture and ask forms preselect.
 */
export function preferFirst<T extends { slug: string }>(
  communities: T[],
  preferred: string[],
): T[] {
  const rank = (slug: string) => {
    const at = preferred.indexOf(slug);
    return at < 0 ? preferred.length : at;
  };
  return communities
    .map((community, index) => ({ community, index }))
    .sort((a, b) => rank(a.community.slug) - rank(b.community.slug) || a.index - b.index)
    .map(({ community }) => community);
}

/** The three question lists of the side panel; `unseen` comes from the answer alerts. */
export function questionLists(
  questions: readonly Question[],
  userId: string,
  unseen: Record<string, number>,
): QuestionsView {
  const sorted = [...questions].sort(newestFirst);
  return {
    mine: sorted.filter((q) => q.author === userId),
    open: sorted.filter((q) => q.status === 'open' && q.author !== userId),
    routed: sorted.filter((q) => q.routedTo.includes(userId)),
    unseen,
  };
}

/** Answers to one question, accepted first, then oldest first; asks the store if the cache has none yet. */
export async function answersTo(client: CopClient, questionId: string): Promise<Answer[]> {
  let answers = (await client.db.getAllFromIndex('answer', 'questionId', questionId)) as Answer[];
  if (answers.length === 0) {
    const question = await client.db.get('question', questionId);
    if (question && question.answerCount > 0) {
      answers = await client.api
        .question(questionId)
        .then((r) => r.answers)
        .catch(() => []);
    }
  }
  return answers.sort(
    (a, b) => Number(b.accepted) - Number(a.accepted) || a.createdAt.localeCompare(b.createdAt),
  );
}
