/**
 * What the store sends: entities as clients see them and the sync protocol's
 * messages. Plain types, safe to import from any bundle.
 */
import type {
  MutationName,
  PageContext,
  PracticeKind,
  PracticeStatus,
  Quote,
  Role,
} from './schemas';

export type { MutationName, PageContext, PracticeKind, PracticeStatus, Quote, Role };

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  createdAt: string;
  /** Set while an admin has disabled the person: none of their tokens works. */
  disabledAt?: string;
}

/** The part of a user other members may see. */
export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface Membership {
  community: string;
  userId: string;
  role: Role;
  /** Declared expertise topics. */
  topics: string[];
  /** Hidden from expert lookup. */
  hidden: boolean;
  joinedAt: string;
}

export interface Community {
  id: string;
  slug: string;
  name: string;
  domain: string;
  /** Widgets may read published practices without a token. */
  anonymousRead: boolean;
  /** Anyone may join with one click; otherwise people ask and a coordinator approves. */
  open: boolean;
  /** Days after which a verified practice is due for review again. */
  reviewIntervalDays: number;
  /** Kinds reviewed on their own interval (days), when they differ from `reviewIntervalDays`. */
  reviewIntervalsByKind?: Partial<Record<PracticeKind, number>>;
  /** How many people a new question is routed to at once. */
  routingSeats: number;
  /** Whether new questions are routed automatically. */
  autoRouting: boolean;
  createdAt: string;
}

export interface Practice {
  id: string;
  community: string;
  title: string;
  body: string;
  kind: PracticeKind;
  tags: string[];
  source: { url: string; title: string; quote?: Quote } | null;
  status: PracticeStatus;
  featured: boolean;
  /** Increases with every edit; edits name the version they started from (`baseVersion`). */
  version: number;
  /** The author's user id. */
  author: string;
  authorName: string;
  endorsements: number;
  createdAt: string;
  updatedAt: string;
  /** Every source, the primary first, once duplicates have been merged into this practice. */
  sources?: PracticeSource[];
  /** Set on a duplicate that a coordinator merged into another practice (it is then archived). */
  mergedInto?: string;
  /** The question whose accepted answer this practice was promoted from. */
  fromQuestion?: string;
  /** Who keeps it right (a user id): the author, unless a coordinator or a tag's steward took it. */
  owner: string;
  /** When its owner or a coordinator last said it is still right; null until then. */
  verifiedAt: string | null;
  /** When it falls due for review: the last verification (or the capture) plus the community's interval. */
  reviewDueAt: string;
  /** True once past its interval, until someone verifies it. */
  due: boolean;
  /** How many people said it helped them (once each). */
  helpedCount: number;
  /** An edit waiting for review; `title` and `body` stay as reviewed until it is published. */
  pendingRevision?: PendingRevision;
}

/** An author's edit of a published practice, kept beside it until a coordinator publishes or rejects it. */
export interface PendingRevision {
  title: string;
  body: string;
  kind: PracticeKind;
  tags: string[];
  /** Who proposed it (a user id). */
  author: string;
  proposedAt: string;
  /** Set when the owner proposes archiving the practice instead of (or with) an edit. */
  archive?: boolean;
}

/** A source of a practice; `practiceId` names the merged duplicate it came from. */
export interface PracticeSource {
  url: string;
  title: string;
  quote?: Quote;
  practiceId?: string;
}

export type QuestionStatus = 'open' | 'answered' | 'closed';

export interface Question {
  id: string;
  community: string;
  title: string;
  body: string;
  tags: string[];
  context: PageContext | null;
  status: QuestionStatus;
  acceptedAnswerId: string | null;
  /** User ids the question was routed to (automatically when posted, or by a coordinator). */
  routedTo: string[];
  /** Set while nobody has answered after a round of routing: coordinators see it "waiting". */
  waitingSince?: string;
  author: string;
  authorName: string;
  answerCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Answer {
  id: string;
  questionId: string;
  community: string;
  body: string;
  author: string;
  authorName: string;
  accepted: boolean;
  createdAt: string;
}

export interface PromptRule {
  id: string;
  community: string;
  urlPatterns: string[];
  keywords: string[];
  message: string;
  enabled: boolean;
  version: number;
  updatedAt: string;
}

/** An edit that started from an older version: both versions are kept until someone resolves it. */
export interface Conflict {
  id: string;
  entity: 'practice';
  entityId: string;
  community: string;
  author: string;
  baseVersion: number;
  currentVersion: number;
  /** The edit that could not be applied. */
  proposed: Record<string, unknown>;
  /** The stored fields it would have overwritten, as they were when the conflict arose. */
  current: Record<string, unknown>;
  resolvedAt: string | null;
  createdAt: string;
}

export interface Endorsement {
  id: string;
  practiceId: string;
  community: string;
  userId: string;
  createdAt: string;
}

export interface EntityMap {
  community: Community;
  membership: Membership & { id: string };
  practice: Practice;
  question: Question;
  answer: Answer;
  endorsement: Endorsement;
  prompt: PromptRule;
  conflict: Conflict;
}
export type EntityName = keyof EntityMap;
/** One row of a pull: the entity's current state, or a tombstone. */
export type Change = {
  [E in EntityName]:
    | { entity: E; id: string; op: 'put'; version: number; data: EntityMap[E] }
    | { entity: E; id: string; op: 'delete'; version: number };
}[EntityName];

export interface Mutation<N extends MutationName = MutationName> {
  id: number;
  name: N;
  args: unknown;
}

export type MutationResult =
  | { id: number; status: 'applied' }
  | { id: number; status: 'skipped' }
  | { id: number; status: 'rejected'; error: ApiErrorBody['error'] }
  | { id: number; status: 'conflict'; conflictId: string; message: string };

export interface PushResponse {
  results: MutationResult[];
  lastMutationId: number;
  /** The global version after this push. */
  version: number;
}

export interface PullResponse {
  changes: Change[];
  /** Pass as `since` next time. */
  cursor: number;
  /** True when more changes wait: pull again at once. */
  hasMore: boolean;
  lastMutationId: number;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** The filters of a practice listing or search (`GET /practices`). */
export interface PracticeQuery {
  q?: string;
  community?: string;
  tag?: string;
  kind?: PracticeKind;
  status?: PracticeStatus;
  limit?: number;
  /** `helped`: most helpful first (among the best matches, when `q` is given); otherwise the default order. */
  sort?: 'default' | 'helped';
}

export interface SearchHit extends Practice {
  /** Relevance, higher is better. */
  score: number;
  /** HTML-escaped text in which matched terms are wrapped in `<mark>`; nothing else is markup. */
  highlight: { title: string; snippet: string };
}

export type EvidenceKind = 'declared' | 'practice' | 'answer' | 'endorsement' | 'helped';

export interface Evidence {
  kind: EvidenceKind;
  /** The practice or question the evidence points to, when there is one. */
  id?: string;
  title: string;
  at: string;
  weight: number;
}

export interface ExpertHit {
  user: Person;
  score: number;
  evidence: Evidence[];
}
