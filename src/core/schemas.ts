/**
 * The domain's shapes, as zod schemas: the single source for request validation,
 * the OpenAPI document and the TypeScript types. Browser code imports only the
 * types (`import type`), so zod never reaches a host page's bundle.
 */
import { z } from 'zod';
import { PRACTICE_KINDS, PRACTICE_STATUSES, ROLES } from './kinds';
import { LIMITS } from './limits';

/** Removes control characters, keeping tab and newline. */
const stripControls = (s: string) =>
  s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    // A lone surrogate is not text; both engines then store the same replacement character.
    .replace(/\p{Cs}/gu, '\ufffd');
const cleanText = (s: string) => stripControls(s).trim();

/**
 * Plain text of at most `max` characters; HTML in it stays text and is escaped where shown.
 * `exact` keeps surrounding whitespace, which matters in a quote's prefix and suffix.
 */
export const text = (max: number, min = 0, exact = false) =>
  z
    .string()
    .max(max * 4, `must be at most ${max} characters`)
    .transform(exact ? stripControls : cleanText)
    .pipe(
      z
        .string()
        .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
        .max(max, `must be at most ${max} characters`),
    );

/** Client-generated entity id: a UUID (v7 preferred) or a ULID. */
export const EntityId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be a UUID or ULID')
  .meta({
    description: 'Client-generated id (UUIDv7 or ULID)',
    example: '0190f3c2-7c1e-7a2b-9c3d-1a2b3c4d5e6f',
  });

export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lowercase letters, digits or dashes')
  .meta({ description: 'Community slug', example: 'support-engineering' });

export const HttpUrl = z
  .string()
  .max(LIMITS.url, `must be at most ${LIMITS.url} characters`)
  .refine((u) => {
    if (/\p{Cc}/u.test(u)) return false;
    try {
      const { protocol } = new URL(u);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http or https URL');

export const Tag = z
  .string()
  .max(LIMITS.tag * 2)
  .transform((t) => cleanText(t).toLowerCase().replace(/\s+/g, '-'))
  .pipe(
    z
      .string()
      .regex(
        /^[\p{L}\p{N}][\p{L}\p{N}._+#-]{0,39}$/u,
        'tags are words of up to 40 letters, digits or . _ + # -',
      ),
  );

export const Tags = z
  .array(Tag)
  .max(LIMITS.tags, `at most ${LIMITS.tags} tags`)
  .transform((tags) => [...new Set(tags)]);

// The plain lists live in ./kinds (no zod) so browser bundles can use them too.
export { PRACTICE_KINDS, PRACTICE_STATUSES, ROLES };
export const PracticeKind = z.enum(PRACTICE_KINDS);
export const PracticeStatus = z.enum(PRACTICE_STATUSES);
export const Role = z.enum(ROLES);

/** A W3C TextQuoteSelector: the exact text and a little context either side. */
export const Quote = z.object({
  exact: text(LIMITS.quote, 1, true),
  prefix: text(LIMITS.quoteContext, 0, true).default(''),
  suffix: text(LIMITS.quoteContext, 0, true).default(''),
});

export const Source = z.object({
  url: HttpUrl,
  title: text(LIMITS.title).default(''),
  quote: Quote.optional(),
});

/** The page a question was asked from; the person may remove any part before posting. */
export const PageContext = z.object({
  url: HttpUrl.optional(),
  title: text(LIMITS.title).optional(),
  selection: text(LIMITS.quote).optional(),
});

/** What a coordinator may change about their community (`PATCH /communities/{slug}`). */
export const CommunityPatch = z.object({
  name: text(LIMITS.name, 1).optional(),
  domain: text(LIMITS.note, 1).optional(),
  open: z.boolean().optional(),
  anonymousRead: z.boolean().optional(),
  reviewIntervalDays: z.number().int().min(1).max(3650).optional(),
  /** Kinds reviewed on their own interval (days); replaces those set before, `{}` clears them. */
  reviewIntervalsByKind: z
    .partialRecord(PracticeKind, z.number().int().min(1).max(3650))
    .optional(),
  routingSeats: z.number().int().min(1).max(20).optional(),
  autoRouting: z.boolean().optional(),
});
export type CommunityPatch = z.infer<typeof CommunityPatch>;

// ── Mutations: the only way clients write (REST writes reuse the same args) ──

export const CreatePracticeArgs = z.object({
  id: EntityId,
  community: Slug,
  title: text(LIMITS.title, 1),
  body: text(LIMITS.body).default(''),
  kind: PracticeKind.default('method'),
  tags: Tags.default([]),
  source: Source.optional(),
});

export const PracticePatch = z
  .object({
    title: text(LIMITS.title, 1),
    body: text(LIMITS.body),
    kind: PracticeKind,
    tags: Tags,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'patch must change at least one field');

export const UpdatePracticeArgs = z.object({
  id: EntityId,
  baseVersion: z.number().int().min(1),
  patch: PracticePatch,
});

export const CreateQuestionArgs = z.object({
  id: EntityId,
  community: Slug,
  title: text(LIMITS.title, 1),
  body: text(LIMITS.body).default(''),
  tags: Tags.default([]),
  context: PageContext.optional(),
});

export const CreateAnswerArgs = z.object({
  id: EntityId,
  questionId: EntityId,
  body: text(LIMITS.body, 1),
});

export const AcceptAnswerArgs = z.object({ questionId: EntityId, answerId: EntityId });

export const EndorsePracticeArgs = z.object({
  practiceId: EntityId,
  /** false withdraws an endorsement. */
  endorse: z.boolean().default(true),
});

export const SetExpertiseArgs = z.object({
  community: Slug,
  topics: Tags,
  /** true hides this member from expert lookup in that community. */
  hidden: z.boolean().default(false),
});

export const MUTATION_NAMES = [
  'createPractice',
  'updatePractice',
  'createQuestion',
  'createAnswer',
  'acceptAnswer',
  'endorsePractice',
  'setExpertise',
] as const;

export const MutationArgs = {
  createPractice: CreatePracticeArgs,
  updatePractice: UpdatePracticeArgs,
  createQuestion: CreateQuestionArgs,
  createAnswer: CreateAnswerArgs,
  acceptAnswer: AcceptAnswerArgs,
  endorsePractice: EndorsePracticeArgs,
  setExpertise: SetExpertiseArgs,
} as const;

export const Mutation = z.object({
  id: z.number().int().min(1).meta({ description: 'Increases by one per client' }),
  name: z.enum(MUTATION_NAMES),
  args: z.unknown(),
});

export const ClientId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -');

export const PushRequest = z.object({
  clientId: ClientId,
  mutations: z
    .array(Mutation)
    .min(1)
    .max(LIMITS.pushBatch, `at most ${LIMITS.pushBatch} mutations per push`),
});

export const ReviewAction = z.object({
  action: z.enum(['publish', 'reject', 'archive', 'feature', 'unfeature']),
  note: text(LIMITS.note).optional(),
  baseVersion: z.number().int().min(1),
});

export const PromptRuleArgs = z.object({
  id: EntityId.optional(),
  community: Slug,
  urlPatterns: z.array(text(LIMITS.url, 1)).max(20).default([]),
  keywords: z.array(text(60, 1)).max(50).default([]),
  message: text(LIMITS.title, 1),
  enabled: z.boolean().default(true),
});

export type PracticeKind = z.infer<typeof PracticeKind>;
export type PracticeStatus = z.infer<typeof PracticeStatus>;
export type Role = z.infer<typeof Role>;
export type Quote = z.infer<typeof Quote>;
export type Source = z.infer<typeof Source>;
export type PageContext = z.infer<typeof PageContext>;
export type CreatePracticeArgs = z.infer<typeof CreatePracticeArgs>;
export type UpdatePracticeArgs = z.infer<typeof UpdatePracticeArgs>;
export type PracticePatch = z.infer<typeof PracticePatch>;
export type CreateQuestionArgs = z.infer<typeof CreateQuestionArgs>;
export type CreateAnswerArgs = z.infer<typeof CreateAnswerArgs>;
export type AcceptAnswerArgs = z.infer<typeof AcceptAnswerArgs>;
export type EndorsePracticeArgs = z.infer<typeof EndorsePracticeArgs>;
export type SetExpertiseArgs = z.infer<typeof SetExpertiseArgs>;
export type MutationName = (typeof MUTATION_NAMES)[number];
export type MutationArgsOf<N extends MutationName> = z.input<(typeof MutationArgs)[N]>;
export type PromptRuleArgs = z.infer<typeof PromptRuleArgs>;
export type ReviewAction = z.infer<typeof ReviewAction>;
