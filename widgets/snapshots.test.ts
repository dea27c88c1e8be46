import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetPerson, readSnapshot, recallToken, rememberToken, writeSnapshot } from './snapshots';

afterEach(() => vi.useRealTimers());

const HOUR = 3600_000;
const owner = (person: string, until = Date.now() + HOUR, store = 'https://store.test') => ({
  store,
  person,
  until,
});

describe('snapshots', () => {
  it('keep the last answer per key', async () => {
    expect(await readSnapshot('feed')).toBeUndefined();
    await writeSnapshot('feed', [{ id: 'p1', title: 'First' }], owner('ada'));
    await writeSnapshot('feed', [{ id: 'p2', title: 'Second' }], owner('ada'));
    await writeSnapshot('other', 1, owner('ada'));
    expect(await readSnapshot('feed')).toEqual([{ id: 'p2', title: 'Second' }]);
    expect(await readSnapshot('other')).toBe(1);
  });

  it('are not shown once they are a month old', async () => {
    await writeSnapshot('old', 'stale', owner('anonymous', Number.POSITIVE_INFINITY));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31 * 24 * HOUR);
    expect(await readSnapshot('old')).toBeUndefined();
  });

  it('live no longer than the token they were fetched with', async () => {
    await writeSnapshot('short', 'mine', owner('grace', Date.now() + 10 * 60_000));
    expect(await readSnapshot('short')).toBe('mine');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    expect(await readSnapshot('short')).toBeUndefined();
  });

  it('of one person are deleted together, leaving everyone else’s', async () => {
    await writeSnapshot('linus|a', 'a', owner('linus'));
    await writeSnapshot('linus|b', 'b', owner('linus'));
    await writeSnapshot('mae|a', 'c', owner('mae'));
    await writeSnapshot('linus-elsewhere', 'd', owner('linus', undefined, 'https://other.test'));
    await rememberToken('digest-1', owner('linus'));
    await forgetPerson('https://store.test', 'linus');
    expect(await readSnapshot('linus|a')).toBeUndefined();
    expect(await readSnapshot('linus|b')).toBeUndefined();
    expect(await recallToken('https://store.test', 'digest-1')).toBeUndefined();
    expect(await readSnapshot('mae|a')).toBe('c');
    expect(await readSnapshot('linus-elsewhere')).toBe('d');
  });

  it('know a verified token by its digest until it expires', async () => {
    await rememberToken('digest-2', owner('mae', Date.now() + 60_000));
    expect(await recallToken('https://store.test', 'digest-2')).toMatchObject({ person: 'mae' });
    expect(await recallToken('https://other.test', 'digest-2')).toBeUndefined();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 60_000);
    expect(await recallToken('https://store.test', 'digest-2')).toBeUndefined();
  });
});
