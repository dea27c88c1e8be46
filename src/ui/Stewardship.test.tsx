// @vitest-environment happy-dom
import { expect, test, vi } from 'vitest';
import { samplePractice } from '../client/testing/fake-store';
import { mayVerify, readerOf } from '../core/stewardship';
import { PracticeCard } from './PracticeCard';
import { PracticeList } from './PracticeList';
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

test('"Still right" on a due card verifies it and the badge gives way to the new date', async () => {
  const due = samplePractice({ due: true, verifiedAt: '2025-02-03T10:00:00.000Z' });
  const onVerify = vi.fn().mockResolvedValue({
    ...due,
    due: false,
    verifiedAt: '2025-06-01T09:00:00.000Z',
    reviewDueAt: '2025-08-30T09:00:00.000Z',
  });
  const root = renderUi(<PracticeCard headingLevel={2} practice={due} onVerify={onVerify} />);
  expect(root.textContent).toContain('Due for review');
  expect(button(root, 'Still right').textContent).toBe(`Still right: ${due.title}`);
  expect(await axeViolations()).toEqual([]);
  click(button(root, 'Still right'));
  await settle();
  expect(onVerify).toHaveBeenCalledWith(expect.objectContaining({ id: due.id }));
  expect(root.textContent).not.toContain('Due for review');
  expect(root.textContent).toContain('Verified 2025-06-01');
  expect(root.querySelector('.cop-still-right [role="status"]')!.textContent).toBe(
    'Marked still right.',
  );
  expect(() => button(root, 'Still right')).toThrow();
});

test('a refused "Still right" keeps the badge and the button, and says why', async () => {
  const due = samplePractice({ due: true });
  const refused = vi
    .fn()
    .mockRejectedValue(new Error('Only the owner or a coordinator can verify this practice.'));
  const root = renderUi(<PracticeCard headingLevel={2} practice={due} onVerify={refused} />);
  click(button(root, 'Still right'));
  await settle();
  expect(root.querySelector('[role="alert"]')!.textContent).toContain('owner or a coordinator');
  expect(root.textContent).toContain('Due for review');
  expect(button(root, 'Still right')).toBeTruthy();
});

test('a list offers "Still right" only on the cards its reader may verify', () => {
  // A member of platform, a coordinator of support, a sponsor of finance: only support is curated.
  const reader = readerOf('user-1', [
    { role: 'member', community: 'platform' },
    { role: 'coordinator', community: 'support' },
    { role: 'sponsor', community: 'finance' },
  ]);
  const root = renderUi(
    <PracticeList
      practices={[
        samplePractice({ id: 'mine', title: 'Mine', owner: 'user-1', community: 'platform' }),
        samplePractice({ id: 'theirs', title: 'Theirs', owner: 'user-2', community: 'platform' }),
        samplePractice({ id: 'curated', title: 'Curated', owner: 'user-2', community: 'support' }),
      ]}
      mayVerify={(p) => mayVerify(p, reader)}
      onVerify={vi.fn()}
    />,
  );
  const offered = [...root.querySelectorAll('article')]
    .filter((card) => card.textContent!.includes('Still right'))
    .map((card) => card.querySelector('h3')!.textContent);
  expect(offered).toEqual(['Mine', 'Curated']);
});

test('a list does not offer "This helped" on the reader’s own practices', () => {
  const root = renderUi(
    <PracticeList
      practices={[
        samplePractice({ id: 'mine', title: 'Mine', author: 'user-1' }),
        samplePractice({ id: 'theirs', title: 'Theirs', author: 'user-2' }),
      ]}
      readerId="user-1"
      onHelped={vi.fn()}
    />,
  );
  const offered = [...root.querySelectorAll('article')]
    .filter((card) => card.textContent!.includes('This helped'))
    .map((card) => card.querySelector('h3')!.textContent);
  expect(offered).toEqual(['Theirs']);
});
