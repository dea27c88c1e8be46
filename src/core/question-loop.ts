/**
 * The question loop's wire shapes: a person's expertise and availability (what they send and what they
 * read back), and the answers of the routes that close the loop. Browser code imports only the types.
 */
import { z } from 'zod';
import { LIMITS } from './limits';
import { PracticeView } from './responses';
import { EntityId, PracticeKind, Slug, Tags, text } from './schemas';

const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM, e.g. 22:00');

/** Hours without notifications, in the person's own clock (read by their extension). */
export const QuietHours = z.object({ from: ClockTime, to: ClockTime });

/**
 * PUT /me/expertise. Topics and hidden apply to every community the caller belongs to, or only to
 * `community` when it is given. Availability (away, muted, quiet hours) belongs to the person and applies
 * everywhere; a field left out is left as it was.
 */
export const ExpertiseUpdate = z.object({
  topics: Tags.optional(),
  /** true hides me from expert lookup and from routing. */
  hidden: z.boolean().optional(),
  community: Slug.optional(),
  /** No questions are routed to me until then; null: I am back. */
  awayUntil: z.iso
    .datetime({ offset: true, message: 'must be a date and time, e.g. 2026-12-24T00:00:00Z' })
    .nullable()
    .optional(),
  /** true: my extension shows no notifications (the badge still counts). */
  muted: z.boolean().optional(),
  quietHours: QuietHours.nullable().optional(),
});

const EvidenceItem = z.object({
  kind: z.enum(['declared', 'practice', 'answer', 'endorsement', 'helped']),
  id: z.string().optional(),
  title: z.string(),
  at: z.string(),
  weight: z.number(),
});

/** GET and PUT /me/expertise answer this. */
export const MyExpertise = z.object({
  /** Every topic I declared, over my communities (or in `community`). */
  topics: z.array(z.string()),
  /** true when I am hidden in any of them: then no cross-community lookup shows me. */
  hidden: z.boolean(),
  communities: z.array(
    z.object({ community: Slug, topics: z.array(z.string()), hidden: z.boolean() }),
  ),
  /** What the ranking sees: my published practices, accepted answers and endorsements received. */
  evidence: z.object({
    practices: z.number().int(),
    acceptedAnswers: z.number().int(),
    endorsements: z.number().int(),
    items: z.array(EvidenceItem),
  }),
  /** Open questions routed to me. */
  load: z.number().int(),
  awayUntil: z.string().nullable(),
  muted: z.boolean(),
  quietHours: QuietHours.nullable(),
});

/** POST /questions/:id/promote: an optional title and kind; the rest comes from the question. */
export const PromoteRequest = z.object({
  title: text(LIMITS.title, 1).optional(),
  kind: PracticeKind.optional(),
});
export const PromoteReply = z.object({
  practice: PracticeView.extend({ fromQuestion: z.string() }),
});

/** POST /answered-by-existing: the suggestion someone chose instead of asking. */
export const ExistingKnowledge = z.object({
  kind: z.enum(['practice', 'question']),
  id: EntityId,
});
export const ExistingKnowledgeReply = z.object({
  /** false: this person had already chosen it (counted once). */
  recorded: z.boolean(),
});

export type ExistingKnowledge = z.infer<typeof ExistingKnowledge>;
export type ExpertiseUpdate = z.infer<typeof ExpertiseUpdate>;
export type MyExpertise = z.infer<typeof MyExpertise>;
export type QuietHours = z.infer<typeof QuietHours>;
