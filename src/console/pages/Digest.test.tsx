// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { DigestAnswer } from '../../core/digest-schemas';
import { axeViolations, byLabel, choose, renderUi, settle } from '../../ui/testing';
import { tokenStore } from '../connection';
import { Digest } from './Digest';

const preview = {
  community: { slug: 'platform', name: 'Platform' },
  week: '2026-W50',
  from: '2026-11-30T09:00:00.000Z',
  to: '2026-12-07T09:00:00.000Z',
  featured: [{ id: 'p1', title: 'Blue-green deploys' }],
  waiting: [{ id: 'q1', title: 'Who owns staging?', askedAt: '2026-12-01T09:00:00.000Z' }],
  waitingCount: 3,
  newMembers: [{ name: 'Nia Newcomer' }],
  due: [],
  dueCount: 0,
  helped: 4,
};
let calls: { method: string; path: string; body: unknown }[];
let answer: DigestAnswer;

beforeEach(() => {
  calls = [];
  answer = { day: null, preview, previewText: '', sent: [] };
  tokenStore.write('cop_test');
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    const body = init.body && JSON.parse(String(init.body));
    calls.push({ method: init.method ?? 'GET', path: url.pathname, body });
    if (init.method === 'PUT') answer = { ...answer, day: body.day };
    return new Response(JSON.stringify(answer), { status: 200 });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  tokenStore.clear();
});

it('previews the week and lets a coordinator choose the day it goes out', async () => {
  const root = renderUi(<Digest community="platform" />);
  await settle();
  const card = root.querySelector('[aria-label="Platform: the week 2026-W50"]')!;
  expect(card.textContent).toContain('Newly featured“Blue-green deploys”');
  expect(card.textContent).toContain('Questions still waiting3: “Who owns staging?” and 2 more');
  expect(card.textContent).toContain('Due for reviewnone');
  expect(card.textContent).toContain('Helped this week4 times');
  expect(root.textContent).toContain('No digest has been sent yet.');
  expect(await axeViolations()).toEqual([]);

  await choose(byLabel<HTMLSelectElement>(root, 'Day it goes out (UTC)'), 'friday');
  await settle();
  expect(calls.at(-2)).toEqual({
    method: 'PUT',
    path: '/api/v1/communities/platform/digest',
    body: { day: 'friday' },
  });
  expect(byLabel<HTMLSelectElement>(root, 'Day it goes out (UTC)').value).toBe('friday');
});
