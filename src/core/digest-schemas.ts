/** The weekly digest on the wire, as zod schemas: request validation, the OpenAPI document and the answers' types. */
import { z } from 'zod';
import { WEEKDAYS } from './digest';

const Titled = z.object({ id: z.string(), title: z.string() });

/** What a community's week brought: successes to publicise and work still open. */
export const Digest = z.object({
  community: z.object({ slug: z.string(), name: z.string() }),
  /** The ISO week, such as "2026-W49". */
  week: z.string(),
  /** The seven days covered, up to the moment the digest was made. */
  from: z.string(),
  to: z.string(),
  featured: z.array(Titled),
  /** Open questions nobody has answered yet, oldest first. */
  waiting: z.array(Titled.extend({ askedAt: z.string() })),
  waitingCount: z.number(),
  newMembers: z.array(z.object({ name: z.string() })),
  due: z.array(Titled),
  dueCount: z.number(),
  /** How many times people said a practice helped them this week. */
  helped: z.number(),
});
export type Digest = z.infer<typeof Digest>;

export const DigestDay = z.enum(WEEKDAYS).nullable();

export const DigestSettingsArgs = z.object({
  /** The day the digest goes out (UTC), or null for none. */
  day: DigestDay,
});

export const DigestAnswer = z.object({
  day: DigestDay,
  /** The digest as it would go out now. */
  preview: Digest,
  /** The text a chat channel shows. */
  previewText: z.string(),
  /** The digests sent, newest first. */
  sent: z.array(z.object({ week: z.string(), sentAt: z.string(), digest: Digest })),
});
export type DigestAnswer = z.infer<typeof DigestAnswer>;
