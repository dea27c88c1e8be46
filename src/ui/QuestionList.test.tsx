// @vitest-environment happy-dom
import { expect, test, vi } from 'vitest';
import type { Answer, Question } from '../core/types';
import { QuestionList, type QuestionListProps } from './QuestionList';
import { axeViolations, button, byLabel, click, failing, renderUi, settle, type } from './testing';

const question: Question = {
  id: 'q-1',
  community: 'platform-ops',
  title: 'How long do old tokens stay valid?',
  body: 'We rotate tonight.',
  tags: [],
  context: { url: 'https://wiki.example.org/runbook', title: 'Runbook' },
  status: 'open',
  acceptedAnswerId: null,
  routedTo: [],
  author: 'u-me',
  authorName: 'Mira',
  answerCount: 1,
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};
const answer: Answer = {
  id: 'a-1',
  questionId: 'q-1',
  community: 'platform-ops',
  body: 'One hour.',
  author: 'u-cora',
  authorName: 'Cora',
  accepted: false,
  createdAt: '2025-01-02T00:00:00Z',
};

/** The list of `question` with its one `answer`, but for what `props` sets. */
function renderList(props: Partial<QuestionListProps>) {
  return renderUi(<QuestionList questions={[question]} answers={{ 'q-1': [answer] }} {...props} />);
}

test('counts new answers, expands to read them, answers and accepts', async () => {
  const onExpand = vi.fn();
  const onAnswer = vi.fn(async () => ({ queued: false }));
  const onAccept = vi.fn(async () => {});
  const root = renderList({
    currentUserId: 'u-me',
    unseen: { 'q-1': 1 },
    onExpand,
    onAnswer,
    onAccept,
    headingLevel: 2,
  });
  expect(root.textContent).toContain('1 new answers');
  expect(root.textContent).toContain('Asked from Runbook');
  const toggle = button(root, 'Show answers');
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  await click(toggle);
  expect(onExpand).toHaveBeenCalledWith('q-1');
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
  expect(root.textContent).toContain('One hour.');

  await type(byLabel<HTMLTextAreaElement>(root, 'Your answer'), 'Thanks!');
  await click(button(root, 'Post answer'));
  await settle();
  expect(onAnswer).toHaveBeenCalledWith('q-1', 'Thanks!');
  expect(root.textContent).toContain('Answer posted.');

  await click(button(root, 'Accept answer'));
  expect(onAccept).toHaveBeenCalledWith('q-1', 'a-1');
  expect(await axeViolations()).toEqual([]);
});

test('only the asker may accept, and an empty list says so', () => {
  let root = renderList({ currentUserId: 'u-other', onAccept: async () => {} });
  root.querySelector('button')!.click();
  expect(root.textContent).not.toContain('Accept answer');
  root = renderUi(<QuestionList questions={[]} answers={{}} emptyText="Nothing routed to you." />);
  expect(root.textContent).toBe('Nothing routed to you.');
});

test('the asker turns the accepted answer into a practice in one click; others are not offered it', async () => {
  const accepted = { ...answer, accepted: true };
  const answered = { ...question, status: 'answered' as const, acceptedAnswerId: 'a-1' };
  const onPromote = vi.fn(async () => {});
  let root = renderList({
    questions: [answered],
    answers: { 'q-1': [accepted] },
    currentUserId: 'u-me',
    onPromote,
    headingLevel: 2,
  });
  await click(button(root, 'Show answers'));
  await click(button(root, 'Turn into a practice'));
  await settle();
  expect(onPromote).toHaveBeenCalledWith('q-1');
  expect(root.textContent).toContain('Saved as a practice');
  expect(root.textContent).not.toContain('Turn into a practice');
  expect(await axeViolations()).toEqual([]);

  root = renderList({
    questions: [answered],
    answers: { 'q-1': [accepted] },
    currentUserId: 'u-other',
    onPromote,
  });
  await click(button(root, 'Show answers'));
  expect(root.textContent).not.toContain('Turn into a practice');
});

test('a failed promotion says why', async () => {
  const accepted = { ...answer, accepted: true };
  const root = renderList({
    questions: [{ ...question, status: 'answered' }],
    answers: { 'q-1': [accepted] },
    currentUserId: 'u-other',
    canPromote: true,
    onPromote: failing('This answer is already the practice p-1; edit that practice instead.'),
  });
  await click(button(root, 'Show answers'));
  await click(button(root, 'Turn into a practice'));
  await settle();
  expect(root.querySelector('[role="alert"]')?.textContent).toContain('already the practice');
});
