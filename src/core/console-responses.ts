/**
 * What the store answers to the coordinators' console (review queue, conflicts, members, health, routing,
 * webhooks, export and import, audit), as zod schemas beside the shared entities of ./responses.
 */
import { z } from 'zod';
import {
  ConflictRecord,
  EvidenceView,
  itemsOf,
  PersonView,
  PracticeSourceView,
  PracticeView,
} from './responses';
import { PracticeKind as Kind, Role as RoleName, PracticeStatus as Status } from './schemas';

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
  /** Answers given and practices verified in the week: with captures and questions, the community's rhythm. */
  answers: z.number(),
  verifications: z.number(),
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
      /** Questions asked in the month, the share answered, and the median time to their first answer. */
      questions: z.number(),
      shareAnswered: z.number().nullable(),
      medianFirstAnswerMs: z.number().nullable(),
      /**
       * Questions existing knowledge answered in the month: a suggestion chosen instead of asking, or a
       * question of the month answered by naming one of the community's practices.
       */
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
  'digest.weekly',
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

/** Who wrote or endorsed something, as an export names them: an import finds them again by email. */
const ExportedPerson = z.object({ name: z.string(), email: z.string() });

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
  author: ExportedPerson,
  endorsements: z.number(),
  /** The emails of the people who endorsed it. */
  endorsedBy: z.array(z.string()).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExportedPractice = z.infer<typeof ExportedPractice>;

export const ExportedAnswer = z.object({
  id: z.string(),
  body: z.string(),
  author: ExportedPerson,
  accepted: z.boolean(),
  createdAt: z.string(),
});
export type ExportedAnswer = z.infer<typeof ExportedAnswer>;

export const ExportedQuestion = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  status: z.enum(['open', 'answered', 'closed']),
  author: ExportedPerson,
  createdAt: z.string(),
  updatedAt: z.string(),
  answers: z.array(ExportedAnswer),
});
export type ExportedQuestion = z.infer<typeof ExportedQuestion>;

export const PracticeExport = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  community: z.object({ slug: z.string(), name: z.string(), domain: z.string() }),
  practices: z.array(ExportedPractice),
  /** The community's questions with their answers (files from before had none). */
  questions: z.array(ExportedQuestion).optional(),
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
  /** Questions created (only an admin's import brings questions, answers and endorsements). */
  questions: z.number().optional(),
  /** Endorsements restored, by people found among the members. */
  endorsements: z.number().optional(),
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

// ── The console routes' answers ──

export const QueueList = itemsOf(QueueItem);
export const BulkReviewAnswer = z.object({ results: z.array(BulkResult) });
export const MergeAnswer = z.object({
  practice: PracticeView,
  /** The ids of the practices merged into it. */
  merged: z.array(z.string()),
});
export const ConflictList = itemsOf(ConflictView);
export const ResolvedConflict = z.object({ practice: PracticeView, conflict: ConflictRecord });
export const MemberList = itemsOf(MemberView);
export const AuditPage = z.object({
  items: z.array(AuditEntry),
  /** Pass as `before` for the next, older page; null on the last one. */
  next: z.number().nullable(),
});
export const WebhookAnswer = z.object({ webhook: Webhook });
export const WebhookList = itemsOf(Webhook);
export const DeliveryLog = itemsOf(DeliveryLogEntry);
/** A delivery was queued; the dispatcher sends it at once. */
export const Queued = z.object({ queued: z.number() });
