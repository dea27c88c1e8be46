/**
 * Questions routed to the person: counted on the toolbar badge while they are open and the person has
 * not answered, and announced once each, unless they muted notifications or it is their quiet hours.
 */
import type { QuietHours } from '../core/question-loop';
import type { Answer, Question } from '../core/types';

/** Open questions routed to the person that they have not answered yet, newest first. */
export function routedToMe(
  userId: string,
  questions: readonly Question[],
  answers: readonly Answer[],
): Question[] {
  const answered = new Set(answers.filter((a) => a.author === userId).map((a) => a.questionId));
  return questions
    .filter(
      (q) =>
        q.status === 'open' &&
        q.author !== userId &&
        q.routedTo.includes(userId) &&
        !answered.has(q.id),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Whether `at` (the person's own clock) falls in their quiet hours; a span may cross midnight. */
export function inQuietHours(quiet: QuietHours | null | undefined, at: Date): boolean {
  if (!quiet) return false;
  const now = at.getHours() * 60 + at.getMinutes();
  const from = minutes(quiet.from);
  const to = minutes(quiet.to);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/** The key a routed question is remembered by among the notified ids (answers use their own id). */
export const routedKey = (questionId: string) => `routed:${questionId}`;

export interface Availability {
  muted: boolean;
  quietHours: QuietHours | null;
}

/**
 * The routed questions not announced yet. When the person is muted or in quiet hours they are marked
 * as announced without a notification: the badge still counts them, and nothing piles up for later.
 */
export async function announceRouted(
  routed: readonly Question[],
  notified: ReadonlySet<string>,
  availability: Availability,
  at: Date,
  notify: (question: Question) => Promise<void>,
): Promise<string[]> {
  const fresh = routed.filter((q) => !notified.has(routedKey(q.id)));
  const silent = availability.muted || inQuietHours(availability.quietHours, at);
  if (!silent) for (const q of fresh) await notify(q);
  return fresh.map((q) => routedKey(q.id));
}
