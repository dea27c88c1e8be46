// @vitest-environment happy-dom
import { expect, test, vi } from 'vitest';
import { samplePractice } from '../client/testing/fake-store';
import type { ExpertHit, SearchHit } from '../core/types';
import { ExpertList } from './ExpertList';
import { OutdatedNotice } from './OutdatedNotice';
import { PracticeList } from './PracticeList';
import { SyncStatus } from './SyncStatus';
import { Tabs } from './Tabs';
import { axeViolations, button, click, renderUi } from './testing';

const hit: SearchHit = {
  ...samplePractice({
    id: 'p-1',
    community: 'platform-ops',
    title: 'Drain <b>nodes</b> first',
    body: 'Before upgrading.',
    tags: ['kubernetes'],
    source: {
      url: 'javascript:alert(1)',
      title: 'Bad',
      quote: { exact: 'drain', prefix: '', suffix: '' },
    },
    status: 'captured',
    author: 'u-1',
    authorName: 'Cora',
  }),
  score: 3,
  highlight: {
    title: 'Drain &lt;b&gt;<mark>nodes</mark>&lt;/b&gt; first<img src=x onerror=alert(1)>',
    snippet: 'Before <mark>upgrading</mark>.',
  },
};

test('search hits show their marks and nothing else as markup; unsafe links stay text', async () => {
  const root = renderUi(<PracticeList practices={[hit]} headingLevel={2} />);
  const heading = root.querySelector('h2')!;
  expect(heading.querySelectorAll('mark')).toHaveLength(1);
  expect(heading.querySelector('img, b')).toBeNull();
  expect(heading.textContent).toBe('Drain <b>nodes</b> first<img src=x onerror=alert(1)>');
  expect(root.textContent).toContain('Unreviewed');
  expect(root.querySelector('a')).toBeNull();
  expect(await axeViolations()).toEqual([]);
});

test('experts show their evidence and a mail link', async () => {
  const experts: ExpertHit[] = [
    {
      user: { id: 'u-1', name: 'Cora', email: 'cora+ops@example.org' },
      score: 7.25,
      evidence: [
        {
          kind: 'practice',
          id: 'p-1',
          title: 'Drain nodes first',
          at: '2025-01-01T00:00:00Z',
          weight: 2,
        },
        { kind: 'declared', title: 'kubernetes', at: '2025-01-01T00:00:00Z', weight: 3 },
      ],
    },
  ];
  const root = renderUi(<ExpertList experts={experts} topic="kubernetes" headingLevel={2} />);
  expect(root.textContent).toContain('Captured: Drain nodes first');
  expect(root.textContent).toContain('Declared expertise: kubernetes');
  const link = root.querySelector('a')!;
  expect(link.textContent).toBe('Email Cora');
  expect(link.getAttribute('href')).toBe(
    'mailto:cora%2Bops@example.org?subject=Question%20about%20kubernetes',
  );
  expect(await axeViolations()).toEqual([]);
  expect(renderUi(<ExpertList experts={[]} />).textContent).toBe('Nobody matches this topic yet.');
});

test('the sync state names pending writes and problems', () => {
  let root = renderUi(<SyncStatus status={{ state: 'pending', pending: 2 }} />);
  expect(root.querySelector('[role="status"]')?.textContent).toBe('2 waiting to sync');
  root = renderUi(<SyncStatus status={{ state: 'offline', pending: 1 }} onSyncNow={() => {}} />);
  expect(root.textContent).toContain('Offline: 1 waiting');
  expect(root.textContent).toContain('Sync now');
  root = renderUi(
    <SyncStatus
      status={{ state: 'error', pending: 0, error: { code: 'x', message: 'Token expired' } }}
    />,
  );
  expect(root.textContent).toContain('Sync problem: Token expired');
  root = renderUi(<SyncStatus status={{ state: 'signed-out', pending: 0 }} onSyncNow={() => {}} />);
  expect(root.textContent).toBe('Not connected');
});

test('an outdated page says so and offers a reload, not a sync', async () => {
  let root = renderUi(
    <SyncStatus status={{ state: 'outdated', pending: 0 }} onSyncNow={() => {}} />,
  );
  expect(root.textContent).toBe('Out of date');
  const onReload = vi.fn();
  root = renderUi(<OutdatedNotice onReload={onReload} />);
  expect(root.querySelector('[role="alert"]')?.textContent).toContain(
    'This page is out of date — reload',
  );
  await click(button(root, 'Reload'));
  expect(onReload).toHaveBeenCalledTimes(1);
});

test('tabs follow the keyboard pattern: arrows, Home and End; one tab in the tab order', async () => {
  const onSelect = vi.fn();
  const tabs = ['a', 'b', 'c'].map((id) => ({
    id,
    label: id.toUpperCase(),
    panel: () => <p>{id}</p>,
  }));
  const root = renderUi(<Tabs tabs={tabs} selected="a" onSelect={onSelect} label="Sections" />);
  const buttons = root.querySelectorAll<HTMLButtonElement>('[role="tab"]');
  expect([...buttons].map((b) => b.tabIndex)).toEqual([0, -1, -1]);
  const key = (k: string) =>
    buttons[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  key('ArrowRight');
  key('End');
  key('ArrowLeft');
  expect(onSelect.mock.calls.map((c) => c[0])).toEqual(['b', 'c', 'c']);
  await click(buttons[1]!);
  expect(onSelect).toHaveBeenLastCalledWith('b');
  expect(root.querySelector('[role="tabpanel"]')?.getAttribute('aria-labelledby')).toBe(
    buttons[0]!.id,
  );
  expect(await axeViolations()).toEqual([]);
});
