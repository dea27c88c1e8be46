import { mkdtempSync, rmSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStorage } from './database';
import { createWalSync } from './wal-sync';

/** A log whose syncs finish when the test says, counting them. */
function fakeLog() {
  const pending: (() => void)[] = [];
  return {
    syncs: 0,
    pending,
    sync() {
      this.syncs++;
      return new Promise<void>((resolve) => pending.push(resolve));
    },
    close: async () => {},
    finishOne() {
      pending.shift()?.();
    },
  };
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => {
    done = true;
  });
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('group commit (wal-sync)', () => {
  it('answers at once when nothing was committed since the last sync', async () => {
    const log = fakeLog();
    const sync = createWalSync(() => 0, log);
    await sync.durable();
    expect(log.syncs).toBe(0);
  });

  it('lets writes that arrive together share one sync, and a write during a sync wait for the next', async () => {
    const log = fakeLog();
    let commits = 0;
    const sync = createWalSync(() => commits, log);
    commits = 1;
    const first = sync.durable();
    commits = 2;
    const second = sync.durable();
    commits = 3;
    const third = sync.durable();
    // One sync runs (covering commit 1); commits 2 and 3 wait together for the one after it.
    expect(log.syncs).toBe(1);
    expect(second).toBe(third);
    log.finishOne();
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(false);
    expect(log.syncs).toBe(2);
    log.finishOne();
    expect(await settled(third)).toBe(true);
    expect(log.syncs).toBe(2);
    // Everything is on disk: no further sync.
    await sync.durable();
    expect(log.syncs).toBe(2);
  });

  it('reports a failed sync to the writers waiting for it, and syncs again for the next', async () => {
    let commits = 0;
    let fail = true;
    const sync = createWalSync(() => commits, {
      sync: async () => {
        if (fail) throw new Error('EIO');
      },
      close: async () => {},
    });
    commits = 1;
    await expect(sync.durable()).rejects.toThrow('EIO');
    fail = false;
    commits = 2;
    await expect(sync.durable()).resolves.toBeUndefined();
  });
});

describe('SQLite storage: acknowledged means synced', () => {
  let dir: string | undefined;
  afterEach(() => {
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('syncs the log for a commit, and never counts a transaction still open as synced', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cop-wal-'));
    const storage = await openStorage({ dataDir: dir });
    // Every fdatasync of a file handle, counted (the store's own syncs are of its -wal file).
    const probe = await open(join(dir, 'cop.sqlite-wal'), 'r');
    const datasync = vi.spyOn(Object.getPrototypeOf(probe) as FileHandle, 'datasync');
    await probe.close();
    try {
      await storage.durable();
      const settledSyncs = datasync.mock.calls.length;
      await storage.durable();
      expect(datasync.mock.calls.length).toBe(settledSyncs);

      let release!: () => void;
      const holding = new Promise<void>((r) => {
        release = r;
      });
      const transaction = storage.db.transaction().execute(async (trx) => {
        await sql`update meta set value = value + 1 where key = 'epoch'`.execute(trx);
        await holding;
      });
      await new Promise((r) => setImmediate(r));
      // A reply sent while the transaction is open has nothing of it to sync...
      await storage.durable();
      expect(datasync.mock.calls.length).toBe(settledSyncs);
      release();
      await transaction;
      // ...so once it commits, acknowledging it takes a sync.
      await storage.durable();
      expect(datasync.mock.calls.length).toBe(settledSyncs + 1);
    } finally {
      await storage.close();
    }
  });
});
