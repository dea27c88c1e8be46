/**
 * The wire shapes of stewardship (verify, "this helped", owners, stewards, notifications) and of the
 * sponsor's overview, as zod schemas: request validation, the OpenAPI document and the answers' types.
 */
import { z } from 'zod';
import { PracticeView } from './responses';
import { EntityId, Slug, Tag, text } from './schemas';
import { HELPED_HOW } from './stewardship';

export const HelpedArgs = z.object({
  how: z.enum(HELPED_HOW).optional(),
  note: text(500).optional(),
});
export type HelpedArgs = z.infer<typeof HelpedArgs>;

export const OwnerArgs = z.object({ owner: EntityId });
export const StewardArgs = z.object({ tag: Tag, userId: EntityId.nullable() });
export const SponsorArgs = z.object({
  sponsor: z.boolean(),
  /** The communities sponsored; omitted (with sponsor true) means every community. */
  communities: z.array(Slug).max(200).optional(),
});
export type SponsorArgs = z.infer<typeof SponsorArgs>;

export const HelpedAnswer = z.object({
  practice: PracticeView,
  /** False when this person had already said so: nothing changed. */
  counted: z.boolean(),
});

export const Steward = z.object({ tag: z.string(), userId: z.string(), name: z.string() });
export const StewardsAnswer = z.object({ items: z.array(Steward) });
export type Steward = z.infer<typeof Steward>;

/** How a practice helped people, without their names (its owner and coordinators read these). */
export const HelpedNotes = z.object({
  items: z.array(
    z.object({ how: z.string().nullable(), note: z.string().nullable(), createdAt: z.string() }),
  ),
});

export const Notification = z.object({
  id: z.string(),
  kind: z.string(),
  community: z.string(),
  entityId: z.string(),
  text: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const NotificationsAnswer = z.object({ items: z.array(Notification) });
export type Notification = z.infer<typeof Notification>;

export const SponsorAnswer = z.object({
  userId: z.string(),
  sponsor: z.boolean(),
  /** Slugs, or ['*'] for every community. */
  communities: z.array(z.string()),
});

/** Aggregates only: counts and shares, never a person below the core. */
export const CommunityOverview = z.object({
  slug: z.string(),
  name: z.string(),
  health: z.object({
    members: z.number(),
    levels: z.object({
      core: z.number(),
      active: z.number(),
      peripheral: z.number(),
      inactive: z.number(),
    }),
    captures90d: z.number(),
    questions90d: z.number(),
  }),
  value: z.object({
    helped: z.number(),
    helped90d: z.number(),
    /**
     * Questions answered by existing knowledge: a suggestion chosen instead of asking, or a question
     * answered by naming one of the community's practices.
     */
    answeredByExisting: z.number(),
    answeredByExisting90d: z.number(),
    questionsAnswered: z.number(),
    shareAnswered: z.number().nullable(),
    medianFirstAnswerMs: z.number().nullable(),
  }),
  stewardship: z.object({
    practices: z.number(),
    verified: z.number(),
    /** The share of live practices not yet past their interval. */
    shareCurrent: z.number().nullable(),
    due: z.number(),
    pendingRevisions: z.number(),
  }),
  featured: z.array(z.object({ id: z.string(), title: z.string(), helpedCount: z.number() })),
});
export type CommunityOverview = z.infer<typeof CommunityOverview>;
export const OverviewAnswer = z.object({
  generatedAt: z.string(),
  communities: z.array(CommunityOverview),
});
export type OverviewAnswer = z.infer<typeof OverviewAnswer>;
