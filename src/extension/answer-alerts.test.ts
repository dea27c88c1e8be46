import { expect, test, vi } from 'vitest';
import type { Answer, Question } from '../core/types';
import { raiseAlerts, unseenAnswers, unseenByQuestion } from './answer-alerts';

const question = (id: string, author: string) => ({ id, author, title: `Q ${id}` }) as Question;
const answer = (id: string, questionId: string, author: string, createdAt: string) =>
  ({ id, questionId, author, authorName: author, createdAt, body: '' }) as Answer;

const questions = [question('q1', 'me'), question('q2', 'me'), question('q3', 'cora')];
const answers = [
  answer('a1', 'q1', 'cora', '2025-03-02T00:00:00Z'),
  answer('a2', 'q1', 'me', '2025-03-02T00:00:00Z'), // my own answer
  answer('a3', 'q3', 'linus', '2025-03-02T00:00:00Z'), // not my question
  answer('a4', 'q2', 'linus', '2025-02-01T00:00:00Z'), // before I connected
  answer('a5', 'q2', 'linus', '2025-03-03T00:00:00Z'),
];

test('unseen answers are others’ answers to my questions since I connected, not yet read', () => {
  const input = {
    userId: 'me',
    since: '2025-03-01T00:00:00Z',
    questions,
    answers,
    seen: new Set<string>(),
  };
  expect(unseenAnswers(input).map((a) => a.id)).toEqual(['a1', 'a5']);
  expect(unseenAnswers({ ...input, seen: new Set(['a1']) }).map((a) => a.id)).toEqual(['a5']);
  expect(unseenByQuestion(unseenAnswers(input))).toEqual({ q1: 1, q2: 1 });
});

test('the badge counts unseen answers; each answer notifies once', async () => {
  const sink = { setBadge: vi.fn(async () => {}), notify: vi.fn(async () => {}) };
  const unseen = [answers[0]!, answers[4]!];
  const first = await raiseAlerts(unseen, questions, new Set(), sink);
  expect(first).toEqual(['a1', 'a5']);
  expect(sink.setBadge).toHaveBeenLastCalledWith(2);
  expect(sink.notify).toHaveBeenCalledWith(answers[0], questions[0]);

  const again = await raiseAlerts(unseen, questions, new Set(first), sink);
  expect(again).toEqual([]);
  expect(sink.notify).toHaveBeenCalledTimes(2);

  await raiseAlerts([], questions, new Set(first), sink);
  expect(sink.setBadge).toHaveBeenLastCalledWith(0);
});
