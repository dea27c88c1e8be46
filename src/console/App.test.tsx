// @vitest-environment happy-dom

import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, expect, it } from 'vitest';
import { sampleCommunity } from '../client/testing/fake-store';
import type { Community, Membership, User } from '../core/types';
import { axeViolations, settle } from '../ui/testing';
import { App } from './App';
import { route } from './router';
import { coordinatedSlugs, sessionState, signedIn } from './session';

const user: User = {
  id: 'u1',
  email: 'milo@example.org',
  name: 'Milo Member',
  isAdmin: false,
  createdAt: '2025-01-01T00:00:00.000Z',
};
const community = (slug: string): Community =>
  sampleCommunity(slug, {
    name: slug === 'platform' ? 'Platform' : 'Support',
    domain: 'The domain',
  });
const membership = (slug: string, role: Membership['role']): Membership => ({
  community: slug,
  userId: user.id,
  role,
  topics: [],
  hidden: false,
  joinedAt: '2025-01-01T00:00:00.000Z',
});

/** The console owns the whole page, so it renders straight into the body (its own <main>). */
function renderPage(): HTMLElement {
  document.body.innerHTML = '<div id="console" class="cop-root"></div>';
  const root = document.getElementById('console')!;
  act(() => render(<App />, root));
  return root;
}

afterEach(() => {
  route.value = { community: null, page: 'queue' };
});

it('tells a member they are not a coordinator here, and how to become one', async () => {
  sessionState.value = signedIn(user, [membership('platform', 'member')], [community('platform')]);
  const root = renderPage();
  await settle();
  expect(root.querySelector('h1')?.textContent).toBe('You are not a coordinator here');
  expect(root.textContent).toContain('You do not coordinate any community');
  expect(root.textContent).toContain('ask a coordinator of your community or an admin');
  expect(root.querySelector('nav')).toBeNull();
  expect(await axeViolations()).toEqual([]);
});

it('refuses a coordinator the console of a community they do not coordinate', async () => {
  sessionState.value = signedIn(
    user,
    [membership('platform', 'coordinator'), membership('support', 'member')],
    [community('platform'), community('support')],
  );
  route.value = { community: 'support', page: 'health' };
  const root = renderPage();
  await settle();
  expect(root.querySelector('h1')?.textContent).toBe('You are not a coordinator here');
  expect(root.textContent).toContain('You do not coordinate Support');
  expect(root.querySelector('a[href="#/c/platform/queue"]')?.textContent).toBe('Platform');
});

it('lets admins curate every community', () => {
  const communities = [community('platform'), community('support')];
  expect(coordinatedSlugs({ ...user, isAdmin: true }, [], communities)).toEqual([
    'platform',
    'support',
  ]);
});

it('offers sign-in with a password or a token, accessibly', async () => {
  sessionState.value = { kind: 'signed-out', message: 'Your sign-in has expired.' };
  const root = renderPage();
  expect(root.querySelector('[role="alert"]')?.textContent).toBe('Your sign-in has expired.');
  expect(root.querySelector('label[for="signin-email"]')?.textContent).toBe('Email');
  expect(await axeViolations()).toEqual([]);
});
