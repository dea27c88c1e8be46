// @vitest-environment happy-dom
import { expect, test, vi } from 'vitest';
import type { MyExpertise } from '../core/question-loop';
import { MyProfile } from './MyProfile';
import { axeViolations, button, byLabel, click, failing, renderUi, settle, type } from './testing';

const me: MyExpertise = {
  topics: ['kubernetes'],
  hidden: false,
  communities: [{ community: 'ops', topics: ['kubernetes'], hidden: false }],
  evidence: {
    practices: 2,
    acceptedAnswers: 1,
    endorsements: 3,
    items: [
      { kind: 'practice', id: 'p1', title: 'Drain a node safely', at: '2026-01-01', weight: 1 },
    ],
  },
  load: 4,
  awayUntil: null,
  muted: false,
  quietHours: null,
};

test('shows my topics, evidence and load, and saves topics and hiding', async () => {
  const save = vi.fn(async (update: { topics?: string[]; hidden?: boolean }) => ({
    ...me,
    ...update,
  }));
  const root = renderUi(<MyProfile load={async () => me} save={save} />);
  await settle();
  expect(root.textContent).toContain('2 published practices, 1 accepted answers, 3 endorsements');
  expect(root.textContent).toContain('Open questions routed to me: 4');
  expect(root.textContent).toContain('Drain a node safely');

  await type(byLabel(root, 'Add a topic'), 'Helm');
  await click(button(root, 'Add'));
  await settle();
  expect(save).toHaveBeenLastCalledWith({ topics: ['kubernetes', 'helm'] });
  expect(root.querySelector('[role="status"]')?.textContent).toBe('Saved.');

  await click(button(root, 'Remove kubernetes'));
  await settle();
  expect(save).toHaveBeenLastCalledWith({ topics: ['helm'] });

  await click(byLabel<HTMLInputElement>(root, 'Hide me from expert lookup and routing'));
  await settle();
  expect(save).toHaveBeenLastCalledWith({ hidden: true });
  expect(byLabel<HTMLInputElement>(root, 'Hide me from expert lookup and routing').checked).toBe(
    true,
  );
  expect(await axeViolations()).toEqual([]);
});

test('says why it cannot save', async () => {
  const root = renderUi(
    <MyProfile load={async () => me} save={failing('The store cannot be reached.')} />,
  );
  await settle();
  await click(byLabel<HTMLInputElement>(root, 'Hide me from expert lookup and routing'));
  await settle();
  expect(root.querySelector('[role="alert"]')?.textContent).toContain('cannot be reached');
});
