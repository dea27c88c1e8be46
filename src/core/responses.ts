/**
 * What the store answers, as zod schemas: each route declares its answer with them (so /openapi.json
 * describes it) and every client uses the inferred types. Browser code imports only the types.
 */
import { z } from 'zod';
import { PRACTICE_KINDS, PRACTICE_STATUSES, ROLES } from './kinds';

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

// ── The coordinators' console ──

/** How far a member has moved from the edge of the community towards its core. */
export const ParticipationLevel = z.enum(['peripheral', 'active', 'core']);
export type ParticipationLevel = z.infer<typeof ParticipationLevel>;

/** A practice that looks like another one in the queue (a merge candidate). */
export const SimilarRef = z.object({
  id: z.string(),
  title: z.string(),
  status: Status,
  featured: z.boolean(),
  /** For the merge's baseVersion. */
  version: z.number(),
  score: z.number(),
});
export type SimilarRef = z.infer<typeof SimilarRef>;

export const QueueItem = PracticeView.extend({ similar: z.array(SimilarRef) });
export type QueueItem = z.infer<typeof QueueItem>;

export const ConflictView = ConflictRecord.extend({
  authorName: z.string(),
  practice: PracticeView,
});
export type ConflictView = z.infer<typeof ConflictView>;

/** One practice's result in a bulk review: one failing does not stop the rest. */
export const BulkResult = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('applied'), practice: PracticeView }),
  z.object({
    id: z.string(),
    status: z.enum(['conflict', 'rejected']),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type BulkResult = z.infer<typeof BulkResult>;

export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  /** What the entry is about in words (a title, a member's name, a message, a URL), when it still exists. */
  entityTitle: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  note: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const WeekFigures = z.object({
  /** The Monday (UTC) that starts the week, YYYY-MM-DD. */
  weekStart: z.string(),
  captures: z.number(),
  questions: z.number(),
});
export type WeekFigures = z.infer<typeof WeekFigures>;

export const Contributor = z.object({
  user: z.object({ id: z.string(), name: z.string() }),
  captures: z.number(),
  answers: z.number(),
  acceptedAnswers: z.number(),
  /** Captures plus answers. */
  contributions: z.number(),
});
export type Contributor = z.infer<typeof Contributor>;

export const HealthReport = z.object({
  /** Whole UTC days, both ends included. */
  range: z.object({ from: z.string(), to: z.string() }),
  weeks: z.array(WeekFigures),
  /** Practices captured in the range, and how many of them are published now (featured ones included). */
  captures: z.number(),
  published: z.number(),
  sharePublished: z.number().nullable(),
  /** Questions asked in the range, and how many of them have at least one answer. */
  questions: z.number(),
  answered: z.number(),
  shareAnswered: z.number().nullable(),
  /** Median time from asking to the first answer, over the range's answered questions. */
  medianFirstAnswerMs: z.number().nullable(),
  /** People who did anything in the range (captured, asked, answered, endorsed), by their level in it. */
  activeMembers: z.object({
    peripheral: z.number(),
    active: z.number(),
    core: z.number(),
    total: z.number(),
  }),
  topContributors: z.array(Contributor),
  /** Month by month (UTC calendar months touching the range), in Wenger's terms. */
  months: z.array(
    z.object({
      /** YYYY-MM. */
      month: z.string(),
      /** Members by their level in the month; `inactive` did nothing at all (counted apart from readers). */
      levels: z.object({
        peripheral: z.number(),
        active: z.number(),
        core: z.number(),
        inactive: z.number(),
      }),
      /** Members whose level rose (toward the core) or fell since the month before. */
      movedInward: z.number(),
      movedOutward: z.number(),
      /** "This helped" said in the month, and practices verified in it. */
      helped: z.number(),
      verifications: z.number(),
      /** Questions existing knowledge answered in the month (a suggestion chosen instead of asking). */
      answeredByExisting: z.number(),
    }),
  ),
});
export type MonthFigures = HealthReport['months'][number];
export type HealthReport = z.infer<typeof HealthReport>;

/** What one member did in a period. */
export const Activity = z.object({
  captures: z.number(),
  answers: z.number(),
  acceptedAnswers: z.number(),
  questions: z.number(),
  endorsements: z.number(),
  lastActiveAt: z.string().nullable(),
});
export type Activity = z.infer<typeof Activity>;

export const MemberView = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  role: RoleName,
  topics: z.array(z.string()),
  hidden: z.boolean(),
  joinedAt: z.string(),
  level: ParticipationLevel,
  /** Over the last `LEVEL_WINDOW_DAYS` days. */
  activity: Activity,
});
export type MemberView = z.infer<typeof MemberView>;

export const RouteCandidate = z.object({
  user: PersonView,
  /** Summed expert score over the question's topics. */
  score: z.number(),
  /** Open questions already routed to this person in the community. */
  load: z.number(),
  level: ParticipationLevel,
  /** Why this person is suggested: a qualified expert, or a rising member. */
  reason: z.enum(['expert', 'rising', 'candidate']),
  evidence: z.array(EvidenceView),
  alreadyRouted: z.boolean(),
});
export type RouteCandidate = z.infer<typeof RouteCandidate>;

export const RouteSuggestions = z.object({
  /** The people to route to, pre-selected in the console. */
  suggested: z.array(RouteCandidate),
  /** Everyone else the ranking found, best first. */
  others: z.array(RouteCandidate),
  topics: z.array(z.string()),
});
export type RouteSuggestions = z.infer<typeof RouteSuggestions>;

/** The events a webhook can subscribe to. */
export const WEBHOOK_EVENTS = [
  'question.created',
  'question.routed',
  'practice.featured',
  'practice.due',
  'ping',
] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const Webhook = z.object({
  id: z.string(),
  community: z.string(),
  url: z.string(),
  /** Shared with the receiver so it can check `X-CoP-Signature`; only coordinators see it. */
  secret: z.string(),
  events: z.array(WebhookEvent),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;

export const DeliveryAttempt = z.object({
  attempt: z.number(),
  at: z.string(),
  status: z.number().nullable(),
  error: z.string().nullable(),
  ms: z.number(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const DeliveryLogEntry = z.object({
  id: z.string(),
  event: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  tries: z.array(DeliveryAttempt),
});
export type DeliveryLogEntry = z.infer<typeof DeliveryLogEntry>;

/** The name in every export file, so an import can tell one from any other JSON. */
export const EXPORT_FORMAT = 'cop-kit-practices';

export const ExportedPractice = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  kind: Kind,
  tags: z.array(z.string()),
  status: Status,
  featured: z.boolean(),
  source: PracticeSourceView.nullable(),
  sources: z.array(PracticeSourceView).optional(),
  mergedInto: z.string().optional(),
  author: z.object({ name: z.string(), email: z.string() }),
  endorsements: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExportedPractice = z.infer<typeof ExportedPractice>;

export const PracticeExport = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  community: z.object({ slug: z.string(), name: z.string(), domain: z.string() }),
  practices: z.array(ExportedPractice),
});
export type PracticeExport = z.infer<typeof PracticeExport>;

export const ImportResult = z.object({
  created: z.array(z.string()),
  /** Already in this community (same id): left as they are, so importing twice changes nothing. */
  skipped: z.array(z.string()),
  /** Practices whose author was not found among the members; the importer became their author. */
  reassigned: z.number(),
  /** Whether authors, status and dates came from the file: only an admin's import keeps them. */
  keptOriginals: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** A coordinator's edit: applied, or kept beside the newer version as a conflict to resolve. */
export const EditOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('applied'), practice: PracticeView }),
  z.object({
    status: z.literal('conflict'),
    conflict: ConflictRecord,
    practice: PracticeView,
    message: z.string(),
  }),
]);
export type EditOutcome = z.infer<typeof EditOutcome>;

/** Every 4xx answer: a stable code and a sentence a person can act on. */
export const ErrorAnswer = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
