/**
 * The fixed vocabularies (practice kinds, statuses, roles) as plain constants, free of zod, so a
 * browser bundle can list them without carrying the validators; src/core/schemas.ts builds on them.
 */

/** The kinds of practice, in the order forms offer them. */
export const PRACTICE_KINDS = ['method', 'story', 'case', 'tool', 'document', 'lesson'] as const;
export type PracticeKind = (typeof PRACTICE_KINDS)[number];

/** A practice's life cycle: captured, then published or rejected, and archived at the end. */
export const PRACTICE_STATUSES = ['captured', 'published', 'rejected', 'archived'] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/** What a member may do in a community. */
export const ROLES = ['member', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];
