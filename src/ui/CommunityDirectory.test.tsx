// @vitest-environment happy-dom
import { expect, it, vi } from 'vitest';
import { sampleCommunity } from '../client/testing/fake-store';
import type { DirectoryEntry } from '../core/accounts';
import { CommunityDirectory } from './CommunityDirectory';
import { NoCommunity } from './NoCommunity';
import { axeViolations, button, click, failing, renderUi, settle } from './testing';

const entry = (
  slug: string,
  name: string,
  open: boolean,
  state: DirectoryEntry['state'] = 'none',
) =>
  ({
    ...sampleCommunity(slug, { name, domain: `How we do ${name}`, open }),
    coordinators: [{ id: 'c1', name: 'Cora' }],
    memberCount: 3,
    activity: { practices30d: 0, questions30d: 0, lastActiveAt: null },
    state,
  }) satisfies DirectoryEntry;

it('lists communities with their domain and joins an open one with one click', async () => {
  const onJoin = vi.fn(async () => true);
  // As in the side panel, under its section heading.
  const root = renderUi(
    <>
      <h2>Communities</h2>
      <CommunityDirectory
        entries={[
          entry('platform', 'Platform', true),
          entry('support', 'Support', false),
          entry('data', 'Data', true, 'member'),
        ]}
        onJoin={onJoin}
      />
    </>,
  );
  expect(root.textContent).toContain('How we do Platform');
  expect(root.textContent).toContain('Coordinated by Cora');
  expect(button(root, 'Ask to join Support')).toBeTruthy();
  expect(root.querySelector('[data-community="data"]')?.textContent).toContain('You are a member.');
  expect(await axeViolations()).toEqual([]);
  await click(button(root, 'Join Platform'));
  await settle();
  expect(onJoin).toHaveBeenCalledWith(expect.objectContaining({ slug: 'platform' }));
  expect(root.querySelector('[role="status"]')?.textContent).toBe('You joined Platform.');
});

it('says when a request to join waits for a coordinator, and shows a refusal', async () => {
  const root = renderUi(
    <CommunityDirectory
      entries={[entry('support', 'Support', false)]}
      onJoin={async () => false}
    />,
  );
  await click(button(root, 'Ask to join Support'));
  await settle();
  expect(root.textContent).toContain('You asked to join Support.');
  const refusing = renderUi(
    <CommunityDirectory
      entries={[entry('support', 'Support', false)]}
      onJoin={failing('A coordinator removed you from "Support".')}
    />,
  );
  await click(button(refusing, 'Ask to join Support'));
  await settle();
  expect(refusing.querySelector('[role="alert"]')?.textContent).toContain('removed you');
});

it('leads a person in no community to the directory instead of an empty form', async () => {
  const onFind = vi.fn();
  const root = renderUi(<NoCommunity onFind={onFind} />);
  expect(root.textContent).toContain('You are not in any community yet');
  await click(button(root, 'Find a community'));
  expect(onFind).toHaveBeenCalled();
  const linked = renderUi(<NoCommunity href="https://cop.example.org/console/#/directory" />);
  expect(linked.querySelector('a')?.getAttribute('href')).toBe(
    'https://cop.example.org/console/#/directory',
  );
  expect(await axeViolations()).toEqual([]);
});

it('tells a sponsor they sponsor a community, not that they are a member, in English and German', () => {
  const entries = [entry('platform', 'Platform', true, 'sponsor')];
  const root = renderUi(<CommunityDirectory entries={entries} onJoin={vi.fn()} />);
  const card = root.querySelector('[data-community="platform"]')!;
  expect(card.textContent).toContain('You sponsor this community and see its overview.');
  expect(card.textContent).not.toContain('You are a member.');
  expect(card.querySelector('button')).toBeNull();
  const german = renderUi(<CommunityDirectory entries={entries} onJoin={vi.fn()} />, 'de');
  expect(german.textContent).toContain('Sie fördern diese Community');
});
