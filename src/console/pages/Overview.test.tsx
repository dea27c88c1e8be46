// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { CommunityOverview } from '../../core/stewardship-schemas';
import type { User } from '../../core/types';
import { axeViolations, button, click, settle } from '../../ui/testing';
import { App } from '../App';
import { tokenStore } from '../connection';
import { route } from '../router';
import { sessionState } from '../session';
import { standInCanvas } from '../testing/canvas-stand-in';

const user: User = {
  id: 'u9',
  email: 'sam@example.org',
  name: 'Sam Sponsor',
  isAdmin: false,
  createdAt: '2025-01-01T00:00:00.000Z',
};
const platform: CommunityOverview = {
  slug: 'platform',
  name: 'Platform',
  health: {
    members: 7,
    levels: { core: 1, active: 2, peripheral: 3, inactive: 1 },
    captures90d: 12,
    questions90d: 5,
  },
  value: {
    helped: 9,
    helped90d: 4,
    answeredByExisting: 6,
    answeredByExisting90d: 3,
    questionsAnswered: 4,
    shareAnswered: 0.8,
    medianFirstAnswerMs: 2 * 3_600_000,
  },
  stewardship: { practices: 20, verified: 15, shareCurrent: 0.75, due: 5, pendingRevisions: 1 },
  featured: [{ id: 'p1', title: 'Blue-green deploys', helpedCount: 4 }],
};

let mounted: HTMLElement | null = null;
beforeEach(() => {
  standInCanvas();
  tokenStore.write('cop_test');
  vi.stubGlobal('fetch', async (input: string) =>
    new URL(input).pathname === '/api/v1/overview'
      ? new Response(
          JSON.stringify({ generatedAt: '2026-12-07T00:00:00.000Z', communities: [platform] }),
        )
      : new Response('{}', { status: 404 }),
  );
});
afterEach(() => {
  if (mounted) act(() => render(null, mounted!));
  mounted = null;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  tokenStore.clear();
  route.value = { community: null, page: 'queue' };
});

it('lands a sponsor on the overview: its charts, with their tables, and its figures', async () => {
  sessionState.value = {
    kind: 'signed-in',
    session: {
      user,
      memberships: [
        {
          community: 'platform',
          userId: user.id,
          role: 'sponsor',
          topics: [],
          hidden: false,
          joinedAt: '2025-01-01T00:00:00.000Z',
        },
      ],
      communities: [],
      coordinates: [],
    },
  };
  document.body.innerHTML = '<div id="console" class="cop-root"></div>';
  mounted = document.getElementById('console')!;
  act(() => render(<App />, mounted!));
  await settle();
  const root = mounted;
  expect(root.querySelector('h1')?.textContent).toBe('Overview');
  const row = root.querySelector('[data-community="platform"]')!;
  expect([...row.children].map((cell) => cell.textContent)).toEqual([
    'Platform',
    '7',
    '4 (80%)',
    expect.stringMatching(/^2\s?h/),
    '9',
    '6',
    '75%',
    '5',
    'Blue-green deploys',
  ]);
  const labels = [...root.querySelectorAll('[role="img"]')].map((c) =>
    c.getAttribute('aria-label'),
  );
  expect(labels).toEqual([
    'People at each level, by community: Core: Platform 1; Active: Platform 2; Peripheral: Platform 3; Did nothing: Platform 1',
    'Value given in the last 90 days, by community: Helped: Platform 4; Answered by existing knowledge: Platform 3',
    'Practices current (%), by community: Platform 75',
  ]);
  await vi.waitFor(() => expect(root.querySelectorAll('canvas')).toHaveLength(3));
  expect(await axeViolations()).toEqual([]);
  await click(button(root, 'Show as table'));
  expect(root.querySelector('figure table tbody tr')?.textContent).toBe('Platform1231');
});
