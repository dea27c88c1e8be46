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

/**
 * A person's role in a community. A `sponsor` supports it from outside: they read its overview (counts,
 * no one's name below the core) and nothing a member reads.
 */
export const ROLES = ['member', 'coordinator', 'sponsor'] as const;
export type Role = (typeof ROLES)[number];
/** The roles that make someone a member: they read the community's practice and take part in it. */
export const MEMBER_ROLES = ['member', 'coordinator'] as const satisfies readonly Role[];
