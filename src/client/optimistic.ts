/**
 * What each mutation does to the local cache before the store confirms it, so a capture or an
 * answer shows at once. Effects are pure per row, so they can be replayed on newer server rows.
 */
import type {
  AcceptAnswerArgs,
  CreateAnswerArgs,
  CreatePracticeArgs,
  CreateQuestionArgs,
  EndorsePracticeArgs,
  MutationArgsOf,
  PracticePatch,
  SetExpertiseArgs,
  UpdatePracticeArgs,
} from '../core/schemas';
import { DEFAULT_REVIEW_DAYS } from '../core/stewardship';
import type {
  Answer,
  Endorsement,
  EntityName,
  Membership,
  MutationName,
  Practice,
  Question,
} from '../core/types';
import type { CacheTx, Row } from './db';

/** The part of a pending mutation an effect needs. */
export interface EffectInput {
  name: MutationName;
  args: unknown;
  queuedAt: string;
  by: { id: string; name: string };
  /** Facts read from the cache when the mutation was queued (e.g. the answer's community). */
  derived?: Record<string, unknown>;
}

export interface Plan {
  touches: Array<{ entity: EntityName; id: string }>;
  derived?: Record<string, unknown>;
}

/** The id of the stand-in endorsement row shown until the store's own row arrives. */
export const localEndorsementId = (practiceId: string) => `local-endorse-${practiceId}`;

/** Finds which cached rows a mutation changes; reads happen in the enqueue transaction. */
export async function planEffect(
  tx: CacheTx,
  name: MutationName,
  args: unknown,
  by: { id: string },
): Promise<Plan> {
  switch (name) {
    case 'createPractice':
      return { touches: [{ entity: 'practice', id: (args as CreatePracticeArgs).id }] };
    case 'updatePractice':
      return { touches: [{ entity: 'practice', id: (args as UpdatePracticeArgs).id }] };
    case 'createQuestion':
      return { touches: [{ entity: 'question', id: (args as CreateQuestionArgs).id }] };
    case 'createAnswer': {
      const a = args as CreateAnswerArgs;
      const question = await tx.objectStore('question').get(a.questionId);
      return {
        touches: [
          { entity: 'answer', id: a.id },
          { entity: 'question', id: a.questionId },
        ],
        derived: { community: question?.community ?? '' },
      };
    }
    case 'acceptAnswer': {
      const a = args as AcceptAnswerArgs;
      const answerIds = await tx.objectStore('answer').index('questionId').getAllKeys(a.questionId);
      if (!answerIds.includes(a.answerId)) answerIds.push(a.answerId);
      return {
        touches: [
          { entity: 'question', id: a.questionId },
          ...answerIds.map((id) => ({ entity: 'answer' as const, id })),
        ],
      };
    }
    case 'endorsePractice': {
      const a = args as EndorsePracticeArgs;
      const endorse = a.endorse !== false;
      const mine = await tx
        .objectStore('endorsement')
        .index('practiceId_userId')
        .getAllKeys([a.practiceId, by.id]);
      const local = localEndorsementId(a.practiceId);
      const had = mine.length > 0;
      const practice = await tx.objectStore('practice').get(a.practiceId);
      const touches: Plan['touches'] = [];
      if (endorse !== had) touches.push({ entity: 'practice', id: a.practiceId });
      if (endorse && !had) touches.push({ entity: 'endorsement', id: local });
      if (!endorse) for (const id of mine) touches.push({ entity: 'endorsement', id });
      return { touches, derived: { community: practice?.community ?? '' } };
    }
    case 'setExpertise': {
      const a = args as SetExpertiseArgs;
      const ids = await tx
        .objectStore('membership')
        .index('community_userId')
        .getAllKeys([a.community, by.id]);
      return { touches: ids.map((id) => ({ entity: 'membership' as const, id })) };
    }
    default:
      return { touches: [] };
  }
}

/** The row `id` of `entity` after the mutation, given the row before (undefined: no row). */
export function applyEffect(
  input: EffectInput,
  entity: EntityName,
  id: string,
  before: Row | undefined,
): Row | undefined {
  const { queuedAt: at, by } = input;
  switch (input.name) {
    case 'createPractice': {
      if (before) return before; // the store already has it (an earlier push got through)
      const a = input.args as MutationArgsOf<'createPractice'>;
      const practice: Practice = {
        id: a.id,
        community: a.community,
        title: cleanText(a.title),
        body: cleanText(a.body ?? ''),
        kind: a.kind ?? 'method',
        tags: normalizeTags(a.tags ?? []),
        source: a.source
          ? {
              url: a.source.url,
              title: cleanText(a.source.title ?? ''),
              ...(a.source.quote
                ? {
                    quote: {
                      exact: cleanText(a.source.quote.exact),
                      prefix: a.source.quote.prefix ?? '',
                      suffix: a.source.quote.suffix ?? '',
                    },
                  }
                : {}),
            }
          : null,
        status: 'captured',
        featured: false,
        version: 1,
        author: by.id,
        authorName: by.name,
        endorsements: 0,
        createdAt: at,
        updatedAt: at,
        // Until the store answers: the author owns it, and the default interval applies.
        owner: by.id,
        verifiedAt: null,
        reviewDueAt: new Date(Date.parse(at) + DEFAULT_REVIEW_DAYS * 86_400_000).toISOString(),
        due: false,
        helpedCount: 0,
      };
      return practice;
    }
    case 'updatePractice': {
      if (!before) return before;
      const a = input.args as MutationArgsOf<'updatePractice'>;
      const practice = before as Practice;
      // The store bumps the version by one per edit; doing the same lets a second offline edit
      // name the right baseVersion instead of conflicting with the first.
      return { ...practice, ...cleanPatch(a.patch), version: practice.version + 1, updatedAt: at };
    }
    case 'createQuestion': {
      if (before) return before;
      const a = input.args as MutationArgsOf<'createQuestion'>;
      const question: Question = {
        id: a.id,
        community: a.community,
        title: cleanText(a.title),
        body: cleanText(a.body ?? ''),
        tags: normalizeTags(a.tags ?? []),
        context: a.context ?? null,
        status: 'open',
        acceptedAnswerId: null,
        routedTo: [],
        author: by.id,
        authorName: by.name,
        answerCount: 0,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      return question;
    }
    case 'createAnswer': {
      const a = input.args as CreateAnswerArgs;
      if (entity === 'question') {
        if (!before) return before;
        const question = before as Question;
        return { ...question, answerCount: question.answerCount + 1 };
      }
      if (before) return before;
      const answer: Answer = {
        id: a.id,
        questionId: a.questionId,
        community: String(input.derived?.community ?? ''),
        body: cleanText(a.body),
        author: by.id,
        authorName: by.name,
        accepted: false,
        createdAt: at,
      };
      return answer;
    }
    case 'acceptAnswer': {
      if (!before) return before;
      const a = input.args as AcceptAnswerArgs;
      if (entity === 'question') {
        return { ...(before as Question), acceptedAnswerId: a.answerId, status: 'answered' };
      }
      return { ...(before as Answer), accepted: id === a.answerId };
    }
    case 'endorsePractice': {
      const a = input.args as EndorsePracticeArgs;
      const endorse = a.endorse !== false;
      if (entity === 'practice') {
        if (!before) return before;
        const practice = before as Practice;
        return {
          ...practice,
          endorsements: Math.max(0, practice.endorsements + (endorse ? 1 : -1)),
        };
      }
      if (!endorse) return undefined;
      if (before) return before;
      const endorsement: Endorsement = {
        id,
        practiceId: a.practiceId,
        community: String(input.derived?.community ?? ''),
        userId: by.id,
        createdAt: at,
      };
      return endorsement;
    }
    case 'setExpertise': {
      if (!before) return before;
      const a = input.args as MutationArgsOf<'setExpertise'>;
      const membership = before as Membership & { id: string };
      return { ...membership, topics: normalizeTags(a.topics), hidden: a.hidden ?? false };
    }
    default:
      return before;
  }
}

/** The same clean-up the store applies to tags, so local search sees what the store will keep. */
export function normalizeTags(tags: readonly string[]): string[] {
  const out = tags
    .map((t) => cleanText(t).toLowerCase().replace(/\s+/g, '-'))
    .filter((t) => t.length > 0);
  return [...new Set(out)];
}

function cleanText(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
}

function cleanPatch(patch: PracticePatch): Partial<Practice> {
  const out: Partial<Practice> = {};
  if (patch.title !== undefined) out.title = cleanText(patch.title);
  if (patch.body !== undefined) out.body = cleanText(patch.body);
  if (patch.kind !== undefined) out.kind = patch.kind;
  if (patch.tags !== undefined) out.tags = normalizeTags(patch.tags);
  return out;
}
