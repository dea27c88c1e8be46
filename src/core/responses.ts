/**
 * What the store answers, as zod schemas: each route declares its answer with them (so /openapi.json
 * describes it) and every client uses the inferred types. Browser code imports only the types.
 */
import { z } from 'zod';
import { ENTITY_NAMES } from './entities';
import { PRACTICE_KINDS, PRACTICE_STATUSES, ROLES } from './kinds';

/** Every 4xx answer: a stable code and a sentence a person can act on. */
export const ErrorAnswer = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

// ── Entities, as clients see them (the interfaces in ./types are checked against these in a test) ──

const Kind = z.enum(PRACTICE_KINDS);
const Status = z.enum(PRACTICE_STATUSES);
const RoleName = z.enum(ROLES);

export const QuoteView = z.object({ exact: z.string(), prefix: z.string(), suffix: z.string() });

export const UserView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  createdAt: z.string(),
  /** Set while an admin has disabled the person. */
  disabledAt: z.string().optional(),
});

/** The part of a user other members may see. */
export const PersonView = z.object({ id: z.string(), name: z.string(), email: z.string() });

export const MembershipView = z.object({
  community: z.string(),
  userId: z.string(),
  role: RoleName,
  topics: z.array(z.string()),
  hidden: z.boolean(),
  joinedAt: z.string(),
});

export const CommunityView = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  domain: z.string(),
  anonymousRead: z.boolean(),
  open: z.boolean(),
  reviewIntervalDays: z.number(),
  reviewIntervalsByKind: z.partialRecord(z.enum(PRACTICE_KINDS), z.number()).optional(),
  routingSeats: z.number(),
  autoRouting: z.boolean(),
  createdAt: z.string(),
});

export const PracticeSourceView = z.object({
  url: z.string(),
  title: z.string(),
  quote: QuoteView.optional(),
  practiceId: z.string().optional(),
});

export const PracticeView = z.object({
  id: z.string(),
  community: z.string(),
  title: z.string(),
  body: z.string(),
  kind: Kind,
  tags: z.array(z.string()),
  source: z.object({ url: z.string(), title: z.string(), quote: QuoteView.optional() }).nullable(),
  status: Status,
  featured: z.boolean(),
  version: z.number(),
  author: z.string(),
  authorName: z.string(),
  endorsements: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sources: z.array(PracticeSourceView).optional(),
  mergedInto: z.string().optional(),
  /** The question whose accepted answer this practice was promoted from. */
  fromQuestion: z.string().optional(),
  // Stewardship (0012).
  owner: z.string(),
  verifiedAt: z.string().nullable(),
  reviewDueAt: z.string(),
  due: z.boolean(),
  helpedCount: z.number(),
  pendingRevision: z
    .object({
      title: z.string(),
      body: z.string(),
      kind: Kind,
      tags: z.array(z.string()),
      author: z.string(),
      proposedAt: z.string(),
      archive: z.boolean().optional(),
    })
    .optional(),
});

export const QuestionView = z.object({
  id: z.string(),
  community: z.string(),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  context: z
    .object({
      url: z.string().optional(),
      title: z.string().optional(),
      selection: z.string().optional(),
    })
    .nullable(),
  status: z.enum(['open', 'answered', 'closed']),
  acceptedAnswerId: z.string().nullable(),
  routedTo: z.array(z.string()),
  /** Set while nobody answered after a round of routing ("waiting" for coordinators). */
  waitingSince: z.string().optional(),
  author: z.string(),
  authorName: z.string(),
  answerCount: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const AnswerView = z.object({
  id: z.string(),
  questionId: z.string(),
  community: z.string(),
  body: z.string(),
  author: z.string(),
  authorName: z.string(),
  accepted: z.boolean(),
  createdAt: z.string(),
});

export const PromptRuleView = z.object({
  id: z.string(),
  community: z.string(),
  urlPatterns: z.array(z.string()),
  keywords: z.array(z.string()),
  message: z.string(),
  enabled: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
});

export const ConflictRecord = z.object({
  id: z.string(),
  entity: z.literal('practice'),
  entityId: z.string(),
  community: z.string(),
  author: z.string(),
  baseVersion: z.number(),
  currentVersion: z.number(),
  proposed: z.record(z.string(), z.unknown()),
  current: z.record(z.string(), z.unknown()),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const EvidenceView = z.object({
  kind: z.enum(['declared', 'practice', 'answer', 'endorsement', 'helped']),
  id: z.string().optional(),
  title: z.string(),
  at: z.string(),
  weight: z.number(),
});

export const ExpertHitView = z.object({
  user: PersonView,
  score: z.number(),
  evidence: z.array(EvidenceView),
});

export const EndorsementView = z.object({
  id: z.string(),
  practiceId: z.string(),
  community: z.string(),
  userId: z.string(),
  createdAt: z.string(),
});

/** A practice in a list: with its relevance and `<mark>` highlights when the list answers a search. */
export const PracticeListItem = PracticeView.extend({
  score: z.number().optional(),
  highlight: z.object({ title: z.string(), snippet: z.string() }).optional(),
});

// ── Answers of the API routes (the console's own are in ./console-responses) ──

/** `{items: [...]}`, the shape of every list the store answers. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const HealthCheck = z.object({ ok: z.literal(true) });

export const PracticeAnswer = z.object({ practice: PracticeView });
export const PracticeList = itemsOf(PracticeListItem);
export const QuestionAnswer = z.object({ question: QuestionView });
export const QuestionList = itemsOf(QuestionView);
export const QuestionThread = z.object({ question: QuestionView, answers: z.array(AnswerView) });
export const AnswerCreated = z.object({ answer: AnswerView });
export const ExpertList = itemsOf(ExpertHitView);
export const CommunityAnswer = z.object({ community: CommunityView });
export const MembershipAnswer = z.object({ membership: MembershipView });
export const PromptRuleAnswer = z.object({ prompt: PromptRuleView });
export const PromptRuleList = itemsOf(PromptRuleView);

// ── Sync ──

export const MutationResultView = z.discriminatedUnion('status', [
  z.object({ id: z.number(), status: z.literal('applied') }),
  z.object({ id: z.number(), status: z.literal('skipped') }),
  z.object({ id: z.number(), status: z.literal('rejected'), error: ErrorAnswer.shape.error }),
  z.object({
    id: z.number(),
    status: z.literal('conflict'),
    conflictId: z.string(),
    message: z.string(),
  }),
]);

export const PushAnswer = z.object({
  results: z.array(MutationResultView),
  lastMutationId: z.number(),
  /** The global version after this push. */
  version: z.number(),
});

const change = { id: z.string(), version: z.number() };
/** An entity's current state in a pull. */
const put = <E extends (typeof ENTITY_NAMES)[number], T extends z.ZodType>(entity: E, data: T) =>
  z.object({ entity: z.literal(entity), op: z.literal('put'), data, ...change });

/** One row of a pull: an entity's current state, or its tombstone (which carries no data). */
export const ChangeView = z.union([
  put('community', CommunityView),
  put('membership', MembershipView.extend({ id: z.string() })),
  put('practice', PracticeView),
  put('question', QuestionView),
  put('answer', AnswerView),
  put('endorsement', EndorsementView),
  put('prompt', PromptRuleView),
  put('conflict', ConflictRecord),
  z.object({ entity: z.enum(ENTITY_NAMES), op: z.literal('delete'), ...change }),
]);

export const PullAnswer = z.object({
  changes: z.array(ChangeView),
  /** Pass as `since` next time. */
  cursor: z.number(),
  /** True when more changes wait: pull again at once. */
  hasMore: z.boolean(),
  lastMutationId: z.number(),
});
