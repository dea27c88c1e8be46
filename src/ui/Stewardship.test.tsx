// @vitest-environment happy-dom
import { expect, test, vi } from 'vitest';
import { samplePractice } from '../client/testing/fake-store';
import { PracticeCard } from './PracticeCard';
import { axeViolations, button, click, renderUi, settle } from './testing';

test('a due practice says so on its card, with when it was last verified and how many it helped', async () => {
  const root = renderUi(
    <PracticeCard
      headingLevel={2}
      practice={samplePractice({
        due: true,
        verifiedAt: '2025-02-03T10:00:00.000Z',
        helpedCount: 4,
      })}
    />,
  );
  expect(root.textContent).toContain('Due for review');
  expect(root.textContent).toContain('Verified 2025-02-03');
  expect(root.textContent).toContain('Helped 4');
  expect(await axeViolations()).toEqual([]);
});

test('a current practice shows no due badge; a never verified one says so', () => {
  const root = renderUi(<PracticeCard headingLevel={2} practice={samplePractice()} />);
  expect(root.textContent).not.toContain('Due for review');
  expect(root.textContent).toContain('Not verified yet');
  expect(root.textContent).not.toContain('Helped');
});

test('a waiting edit is announced on the card while the reviewed text stays', () => {
  const root = renderUi(
    <PracticeCard
      headingLevel={2}
      practice={samplePractice({
        title: 'Reviewed',
        pendingRevision: {
          title: 'Proposed',
          body: '',
          kind: 'method',
          tags: [],
          author: 'user-2',
          proposedAt: '2025-03-01T00:00:00.000Z',
        },
      })}
    />,
  );
  expect(root.querySelector('h2')!.textContent).toBe('Reviewed');
  expect(root.textContent).toContain('An edit waits for review');
});

test('"This helped" counts with one click, then offers how, and shows a refusal', async () => {
  const onHelped = vi.fn().mockResolvedValue(undefined);
  const root = renderUi(
    <PracticeCard headingLevel={2} practice={samplePractice()} onHelped={onHelped} />,
  );
  click(button(root, 'This helped'));
  await settle();
  expect(onHelped).toHaveBeenCalledWith(
    expect.objectContaining({ id: 'practice-0001' }),
    undefined,
  );
  expect(root.textContent).toContain('Thanks! How did it help?');
  expect(await axeViolations()).toEqual([]);
  click(button(root, 'Saved me time'));
  await settle();
  expect(onHelped).toHaveBeenLastCalledWith(expect.anything(), 'saved-time');
  expect(root.querySelector('fieldset')).toBeNull();
  expect(root.querySelector('[role="status"]')!.textContent).toBe('Thanks, noted.');

  const refused = vi
    .fn()
    .mockRejectedValue(new Error('You cannot mark your own practice as helpful.'));
  const other = renderUi(
    <PracticeCard headingLevel={2} practice={samplePractice()} onHelped={refused} />,
  );
  click(button(other, 'This helped'));
  await settle();
  expect(other.querySelector('[role="alert"]')!.textContent).toContain('your own practice');
  expect(button(other, 'This helped')).toBeTruthy();
});
