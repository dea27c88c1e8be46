// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { sampleCommunity } from '../../client/testing/fake-store';
import type { DirectoryEntry } from '../../core/accounts';
import type { Community, User } from '../../core/types';
import { axeViolations, button, byLabel, click, renderUi, settle, type } from '../../ui/testing';
import { App } from '../App';
import { tokenStore } from '../connection';
import { route } from '../router';
import { sessionState } from '../session';
import { FindPeople, JoinRequests } from './Admissions';
import { Settings } from './Settings';

const user: User = {
  id: 'u1',
  email: 'nia@example.org',
  name: 'Nia Newcomer',
  isAdmin: false,
  createdAt: '2025-01-01T00:00:00.000Z',
};
const community = (slug: string, name: string, open: boolean): Community =>
  sampleCommunity(slug, { name, domain: `How we do ${name}`, open });
const entry = (c: Community, state: DirectoryEntry['state'] = 'none'): DirectoryEntry => ({
  ...c,
  coordinators: [{ id: 'c1', name: 'Cora' }],
  memberCount: 4,
  activity: { practices30d: 2, questions30d: 1, lastActiveAt: new Date().toISOString() },
  state,
});

let calls: { method: string; path: string; body: unknown }[];
let answers: Record<string, unknown>;

beforeEach(() => {
  calls = [];
  answers = {};
  tokenStore.write('cop_test');
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    const method = init.method ?? 'GET';
    calls.push({
      method,
      path: url.pathname + url.search,
      body: init.body && JSON.parse(String(init.body)),
    });
    const answer = answers[`${method} ${url.pathname}`];
    if (answer === undefined) return new Response('{}', { status: 404 });
    return answer === null
      ? new Response(null, { status: 204 })
      : new Response(JSON.stringify(answer), { status: 200 });
  });
});
let mounted: HTMLElement | null = null;
afterEach(() => {
  // The app follows the session signal: unmounted, it cannot react to the next test's session.
  if (mounted) act(() => render(null, mounted!));
  mounted = null;
  vi.unstubAllGlobals();
  tokenStore.clear();
  route.value = { community: null, page: 'queue' };
});

function signedIn(over: Partial<User> = {}) {
  sessionState.value = {
    kind: 'signed-in',
    session: { user: { ...user, ...over }, memberships: [], communities: [], coordinates: [] },
  };
}

function renderApp(): HTMLElement {
  document.body.innerHTML = '<div id="console" class="cop-root"></div>';
  const root = document.getElementById('console')!;
  act(() => render(<App />, root));
  mounted = root;
  return root;
}

const platform = community('platform', 'Platform', true);
const support = community('support', 'Support', false);

it('leads a person in no community to the directory, where they join an open one in one step', async () => {
  signedIn();
  answers['GET /api/v1/communities'] = { items: [entry(platform), entry(support)] };
  answers['POST /api/v1/communities/platform/join'] = {
    membership: { community: 'platform', role: 'member' },
  };
  answers['GET /api/v1/me'] = { user, memberships: [] };
  const root = renderApp();
  await settle();
  expect(root.querySelector('h1')?.textContent).toBe('Communities');
  expect(root.textContent).toContain('How we do Platform');
  expect(root.textContent).toContain('Coordinated by Cora');
  expect(root.textContent).toContain('4 members');
  expect(button(root, 'Ask to join Support')).toBeTruthy();
  expect(await axeViolations()).toEqual([]);
  await click(button(root, 'Join Platform'));
  await settle();
  expect(
    calls.some((c) => c.method === 'POST' && c.path === '/api/v1/communities/platform/join'),
  ).toBe(true);
  expect(calls.find((c) => c.path.startsWith('/api/v1/communities?'))?.path).toBe(
    '/api/v1/communities?scope=all',
  );
  expect(root.textContent).toContain('You joined Platform.');
});

it('signing out revokes the token at the store before forgetting it', async () => {
  signedIn();
  answers['GET /api/v1/communities'] = { items: [] };
  answers['POST /api/v1/auth/logout'] = null;
  const root = renderApp();
  await settle();
  await click(button(root, 'Sign out'));
  await settle();
  expect(calls.map((c) => `${c.method} ${c.path}`)).toContain('POST /api/v1/auth/logout');
  expect(tokenStore.read()).toBeNull();
  expect(sessionState.value.kind).toBe('signed-out');
});

it('lets an admin create a community from the directory', async () => {
  signedIn({ isAdmin: true });
  route.value = { community: null, page: 'queue', view: 'directory' };
  answers['GET /api/v1/communities'] = { items: [] };
  answers['POST /api/v1/communities'] = { community: community('data-care', 'Data care', false) };
  const root = renderApp();
  await settle();
  await type(byLabel(root, 'Community name'), 'Data care');
  expect(byLabel(root, 'Short name for links').value).toBe('data-care');
  await type(byLabel<HTMLTextAreaElement>(root, 'Domain statement'), 'Looking after data');
  await click(button(root, 'Create community'));
  await settle();
  expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
    slug: 'data-care',
    name: 'Data care',
    domain: 'Looking after data',
  });
});

it('saves a coordinator’s edits of name, domain, openness, anonymous reading and review intervals', async () => {
  signedIn();
  answers['PATCH /api/v1/communities/support'] = { community: support };
  answers['GET /api/v1/me'] = { user, memberships: [] };
  answers['GET /api/v1/communities'] = { items: [support] };
  const session = sessionState.value.kind === 'signed-in' ? sessionState.value.session : null;
  const root = renderUi(
    <Settings community="support" session={{ ...session!, communities: [support] }} />,
  );
  await type(byLabel(root, 'Name'), 'Support desk');
  await click(root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[0]!);
  await type(byLabel(root, 'Every practice (days)'), '120');
  await type(byLabel(root, 'Tools (days)'), '30');
  await click(button(root, 'Save settings'));
  await settle();
  expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
    name: 'Support desk',
    domain: 'How we do Support',
    open: true,
    anonymousRead: false,
    reviewIntervalDays: 120,
    reviewIntervalsByKind: { tool: 30 },
  });
  expect(await axeViolations()).toEqual([]);
});

it('approves a request to join and adds a person found by name', async () => {
  answers['GET /api/v1/communities/support/requests'] = {
    items: [
      {
        id: 'r1',
        community: 'support',
        user: { id: 'u9', name: 'Ari Asker', email: 'ari@example.org' },
        status: 'pending',
        createdAt: new Date().toISOString(),
        decidedAt: null,
      },
    ],
  };
  answers['POST /api/v1/communities/support/requests/r1/approve'] = { request: {}, membership: {} };
  answers['GET /api/v1/communities/support/people'] = {
    items: [{ id: 'u7', name: 'Quentin Quarry', email: 'q@example.org', state: 'none' }],
  };
  answers['PUT /api/v1/communities/support/members/u7'] = { membership: {} };
  const admitted = vi.fn();
  const root = renderUi(
    <>
      <JoinRequests community="support" onAdmitted={admitted} />
      <FindPeople community="support" onAdded={admitted} />
    </>,
  );
  await settle();
  await click(button(root, 'Approve Ari Asker'));
  await settle();
  expect(root.textContent).not.toContain('Ari Asker');
  expect(admitted).toHaveBeenCalledTimes(1);
  await type(byLabel(root, 'Find people by name or email'), 'quar');
  await click(button(root, 'Search people'));
  await settle();
  expect(calls.some((c) => c.path === '/api/v1/communities/support/people?q=quar')).toBe(true);
  await click(button(root, 'Add Quentin Quarry'));
  await settle();
  expect(calls.find((c) => c.method === 'PUT')).toMatchObject({
    path: '/api/v1/communities/support/members/u7',
    body: { role: 'member' },
  });
  expect(root.textContent).toContain('already a member');
  expect(await axeViolations()).toEqual([]);
});
