import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readSnapshot, writeSnapshot } from './snapshots';

afterEach(() => vi.useRealTimers());

describe('snapshots', () => {
  it('keep the last answer per key', async () => {
    expect(await readSnapshot('feed')).toBeUndefined();
    await writeSnapshot('feed', [{ id: 'p1', title: 'First' }]);
    await writeSnapshot('feed', [{ id: 'p2', title: 'Second' }]);
    await writeSnapshot('other', 1);
    expect(await readSnapshot('feed')).toEqual([{ id: 'p2', title: 'Second' }]);
    expect(await readSnapshot('other')).toBe(1);
  });

  it('are not shown once they are a month old', async () => {
    await writeSnapshot('old', 'stale');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31 * 24 * 3600_000);
    expect(await readSnapshot('old')).toBeUndefined();
  });
});
