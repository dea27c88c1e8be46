/**
 * Stewardship's plain vocabulary, free of zod so browser bundles can use it: the default review interval,
 * the ways a practice can help, and when a practice falls due.
 */

/** Days until a practice is due for review again, unless its community sets another interval. */
export const DEFAULT_REVIEW_DAYS = 90;

/** How a practice helped, when the reader says (a note may say more). */
export const HELPED_HOW = ['saved-time', 'avoided-mistake', 'other'] as const;
export type HelpedHow = (typeof HELPED_HOW)[number];

const DAY_MS = 86_400_000;

/** A community's review intervals per kind (days), for the kinds that differ from its interval. */
export type IntervalsByKind = Partial<Record<string, number>>;

/** The interval of a practice of `kind`: its kind's own, else the community's. */
export const reviewDays = (kind: string, communityDays: number, byKind: IntervalsByKind | null) =>
  byKind?.[kind] ?? communityDays;

/** Reads the stored JSON of per-kind intervals (null when none are set). */
export const parseIntervals = (json: string | null): IntervalsByKind | null =>
  json ? (JSON.parse(json) as IntervalsByKind) : null;

/** When a practice last verified (or captured) at `since` falls due, with an interval of `days`. */
export const reviewDueAt = (since: string, days: number) =>
  new Date(Date.parse(since) + days * DAY_MS).toISOString();

/** Who reads a card: the person, and the communities where they curate with their own credentials. */
export interface Reader {
  userId: string;
  /** Slugs the person coordinates through an API token (an embed token is a member's, whatever the account). */
  coordinates: readonly string[];
}

/**
 * The reader behind a person's own memberships. Pass none for an embed token: through one, a coordinator's
 * account is a member, and the store would refuse their curating.
 */
export const readerOf = (
  userId: string,
  memberships: readonly { role: string; community: string }[],
): Reader => ({
  userId,
  coordinates: memberships.filter((m) => m.role === 'coordinator').map((m) => m.community),
});

/** Whether the store lets this person mark the practice "Still right": its owner, or a coordinator of its community. */
export const mayVerify = (practice: { owner?: string; community: string }, reader: Reader) =>
  practice.owner === reader.userId || reader.coordinates.includes(practice.community);
