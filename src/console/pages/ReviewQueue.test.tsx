// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Practice } from '../../core/types';
import { axeViolations, button, click, renderUi, settle, type } from '../../ui/testing';
import type { QueueItem } from '../api';
import type { Session } from '../session';
import { ReviewQueue } from './ReviewQueue';

const practice = (id: string, title: string, over: Partial<Practice> = {}): Practice => ({
  id,
  community: 'platform',
  title,
  body: `About ${title}`,
  kind: 'method',
  tags: ['ops'],
  source: {
    url: `https://wiki.example.com/${id}`,
    title: 'Wiki',
    quote: { exact: `Quote of ${id}`, prefix: '', suffix: '' },
  },
  status: 'captured',
  featured: false,
  version: 1,
  author: 'u2',
  authorName: 'Milo',
  endorsements: 0,
  createdAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-01T10:00:00.000Z',
  owner: 'u2',
  verifiedAt: null,
  reviewDueAt: '2025-05-30T10:00:00.000Z',
  due: false,
  helpedCount: 0,
  ...over,
});

/** The coordinator reviewing; Milo (u2) wrote the captures, except where a test says otherwise. */
const cora: Session = {
  user: { id: 'u1', email: 'cora@example.org', name: 'Cora', isAdmin: false, createdAt: '' },
  memberships: [],
  communities: [],
  coordinates: ['platform'],
};

let calls: { method: string; path: string; body: unknown }[];
let queue: QueueItem[];

beforeEach(() => {
  calls = [];
  queue = [
    { ...practice('p2', 'Newer capture'), similar: [] },
    {
      ...practice('p1', 'Older capture'),
      similar: [
        {
          id: 'p0',
          title: 'Published twin',
          status: 'published',
          featured: false,
          version: 4,
          score: 0.8,
        },
      ],
    },
  ];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method: init.method ?? 'GET', path: url.pathname, body });
    const json = (value: unknown) => new Response(JSON.stringify(value), { status: 200 });
    if (url.pathname.endsWith('/queue')) return json({ items: queue });
    if (url.pathname.endsWith('/conflicts')) return json({ items: [] });
    if (url.pathname.endsWith('/helped'))
      return json({ practice: { ...queue[0], helpedCount: 1 }, counted: true });
    if (url.pathname.endsWith('/bulk-review'))
      return json({
        results: body.items.map((i: { id: string }) => ({
          id: i.id,
          status: 'applied',
          practice: { ...queue.find((q) => q.id === i.id)!, status: 'published', version: 2 },
        })),
      });
    return new Response('{}', { status: 404 });
  });
});
afterEach(() => vi.unstubAllGlobals());

it('lists captures newest first with source, quote and the suggested duplicate', async () => {
  const root = renderUi(<ReviewQueue community="platform" session={cora} />);
  await settle();
  const items = [...root.querySelectorAll('[data-queue-item]')];
  expect(items.map((li) => li.querySelector('h2')?.textContent)).toEqual([
    'Newer capture',
    'Older capture',
  ]);
  expect(items[1]!.querySelector('.cop-quote')?.textContent).toBe('Quote of p1');
  expect(items[1]!.textContent).toContain('Possible duplicate of “Published twin” (80% similar');
  expect(await axeViolations()).toEqual([]);
});

it('moves with "j" and publishes the active practice with "p", from the version the coordinator saw', async () => {
  const root = renderUi(<ReviewQueue community="platform" session={cora} />);
  await settle();
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
  await settle();
  expect(root.querySelector('[data-queue-item].is-active h2')?.textContent).toBe('Older capture');
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));
  await settle();
  await settle();
  const publish = calls.find((c) => c.path.endsWith('/bulk-review'));
  expect(publish?.body).toEqual({ action: 'publish', items: [{ id: 'p1', baseVersion: 1 }] });
  expect([...root.querySelectorAll('[data-queue-item] h2')].map((h) => h.textContent)).toEqual([
    'Newer capture',
  ]);
});

it('does not act on shortcuts typed into a field', async () => {
  const root = renderUi(<ReviewQueue community="platform" session={cora} />);
  await settle();
  const note = root.querySelector<HTMLInputElement>('input[aria-label^="Note for rejecting"]')!;
  await type(note, 'p');
  note.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));
  await settle();
  expect(calls.some((c) => c.path.endsWith('/bulk-review'))).toBe(false);
});

it('rejects only with a note, and in bulk for the selected practices', async () => {
  const root = renderUi(<ReviewQueue community="platform" session={cora} />);
  await settle();
  expect(button(root, 'Reject selected').disabled).toBe(true);
  for (const box of root.querySelectorAll<HTMLInputElement>(
    '[data-queue-item] input[type="checkbox"]',
  ))
    await click(box);
  await type(
    root.querySelector<HTMLInputElement>('input[aria-label^="Note for rejecting"]')!,
    'Off topic',
  );
  await click(button(root, 'Reject selected'));
  await settle();
  expect(calls.find((c) => c.path.endsWith('/bulk-review'))?.body).toEqual({
    action: 'reject',
    note: 'Off topic',
    items: [
      { id: 'p2', baseVersion: 1 },
      { id: 'p1', baseVersion: 1 },
    ],
  });
});

it('shows a published practice’s waiting edit beside the reviewed text', async () => {
  queue = [
    {
      ...practice('p3', 'Reviewed title', {
        status: 'published',
        version: 3,
        pendingRevision: {
          title: 'Proposed title',
          body: 'About Reviewed title',
          kind: 'method',
          tags: ['ops', 'k8s'],
          author: 'u2',
          proposedAt: '2025-03-02T10:00:00.000Z',
        },
      }),
      similar: [],
    },
  ];
  const root = renderUi(<ReviewQueue community="platform" session={cora} />);
  await settle();
  const item = root.querySelector('[data-queue-item]')!;
  expect(item.querySelector('h2')?.textContent).toBe('Reviewed title');
  expect(item.textContent).toContain('Proposed edit, waiting for review');
  expect(item.querySelector('del')?.textContent).toBe('Reviewed title');
  expect(item.querySelector('ins')?.textContent).toBe('Proposed title');
  expect([...item.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['title', 'tags']);
  expect(await axeViolations()).toEqual([]);
});

it('lets a coordinator say a member’s practice helped, and not one of their own', async () => {
  queue[1] = { ...queue[1]!, author: 'u1', authorName: 'Cora' };
  const root = renderUi(<ReviewQueue community="platform" session={cora} />);
  await settle();
  const [milos, own] = [...root.querySelectorAll<HTMLElement>('[data-queue-item]')];
  expect(own!.textContent).not.toContain('This helped');
  await click(button(milos!, 'This helped'));
  await settle();
  expect(calls.find((c) => c.path.endsWith('/helped'))).toEqual({
    method: 'POST',
    path: '/api/v1/practices/p2/helped',
    body: {},
  });
  expect(milos!.textContent).toContain('Thanks! How did it help?');
});
