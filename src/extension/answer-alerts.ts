/**
 * Answers to the person's questions: counted on the toolbar badge until they read them in the
 * side panel, and announced once each with a notification.
 */
import type { Answer, Question } from '../core/types';

export interface AlertInputs {
  userId: string;
  /** Answers created before this (ISO) were there when the person connected: no alert. */
  since: string;
  questions: readonly Question[];
  answers: readonly Answer[];
  seen: ReadonlySet<string>;
}

/** Answers by others to the person's own questions that they have not read yet, oldest first. */
export function unseenAnswers({ userId, since, questions, answers, seen }: AlertInputs): Answer[] {
  const mine = new Set(questions.filter((q) => q.author === userId).map((q) => q.id));
  return answers
    .filter(
      (a) =>
        mine.has(a.questionId) && a.author !== userId && !seen.has(a.id) && a.createdAt >= since,
    )
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Unseen answers per question id. */
export function unseenByQuestion(unseen: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of unseen) counts[a.questionId] = (counts[a.questionId] ?? 0) + 1;
  return counts;
}

export interface AlertSink {
  setBadge(count: number): Promise<void>;
  notify(answer: Answer, question: Question | undefined): Promise<void>;
}

/**
 * Brings badge and notifications up to date with the unseen answers; returns the ids notified
 * now, which the caller adds to the ones it keeps so an answer never alerts twice.
 */
export async function raiseAlerts(
  unseen: readonly Answer[],
  questions: readonly Question[],
  notified: ReadonlySet<string>,
  sink: AlertSink,
): Promise<string[]> {
  await sink.setBadge(unseen.length);
  const fresh = unseen.filter((a) => !notified.has(a.id));
  for (const answer of fresh) {
    await sink.notify(
      answer,
      questions.find((q) => q.id === answer.questionId),
    );
  }
  return fresh.map((a) => a.id);
}
