/**
 * The weekly digest's plain vocabulary, free of zod so browser bundles can use it: the weekdays a
 * coordinator may choose and the week a moment falls in.
 */

/** ISO order: Monday is day 1, Sunday day 7. */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The ISO weekday (1 Monday … 7 Sunday) of `at`, in UTC. */
export const isoWeekday = (at: Date) => ((at.getUTCDay() + 6) % 7) + 1;

/** The ISO week `at` falls in (UTC), such as "2026-W49": one digest per community and week. */
export function isoWeek(at: Date): string {
  // The week belongs to the year of its Thursday.
  const thursday = new Date(
    Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 4 - isoWeekday(at)),
  );
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The digest's shape as far as its text needs (the full wire type is in digest-schemas.ts). */
export interface DigestFigures {
  community: { name: string };
  week: string;
  featured: { title: string }[];
  waiting: { title: string }[];
  waitingCount: number;
  newMembers: { name: string }[];
  due: { title: string }[];
  dueCount: number;
  helped: number;
}

const quoted = (items: { title: string }[]) =>
  items.map((i) => `“${i.title.slice(0, 120)}”`).join(', ');
/** "3: “a”, “b” and 1 more" when only some of the items are listed. */
const counted = (count: number, items: { title: string }[]) =>
  count === 0
    ? 'none'
    : `${count}: ${quoted(items)}${count > items.length ? ` and ${count - items.length} more` : ''}`;

export const digestTitle = (d: DigestFigures) => `${d.community.name}: the week ${d.week}`;

/** The digest as name–value lines, the same in the console, Slack and Teams. */
export function digestFacts(d: DigestFigures): { name: string; value: string }[] {
  return [
    { name: 'Newly featured', value: d.featured.length ? quoted(d.featured) : 'none' },
    { name: 'Questions still waiting', value: counted(d.waitingCount, d.waiting) },
    {
      name: 'New members',
      value: d.newMembers.length
        ? `${d.newMembers.length}: ${d.newMembers.map((m) => m.name).join(', ')}`
        : 'none',
    },
    { name: 'Due for review', value: counted(d.dueCount, d.due) },
    { name: 'Helped this week', value: `${d.helped} ${d.helped === 1 ? 'time' : 'times'}` },
  ];
}

/** The plain text a chat channel shows (and a fallback for clients that ignore blocks and cards). */
export const digestText = (d: DigestFigures) =>
  [digestTitle(d), ...digestFacts(d).map((f) => `• ${f.name}: ${f.value}`)].join('\n');
