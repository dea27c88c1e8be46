/**
 * Group commit for SQLite, off the event loop.
 *
 * With `synchronous=FULL` every commit fsyncs the write-ahead log inside better-sqlite3's synchronous call:
 * 6–12 ms on a busy disk during which the store's one thread answers nothing, once per write. Instead the
 * connection runs with `synchronous=NORMAL` (a commit only appends to the log) and a write is acknowledged
 * after `durable()`, which fdatasyncs the log on libuv's thread pool. Commits that arrive while a sync runs
 * share the next one, so a burst of writes costs one or two fsyncs, and reads go on meanwhile.
 *
 * What a reply acknowledges is on disk, as with FULL. What other readers may see a few milliseconds
 * earlier is a commit not yet synced: a power cut in that window loses it, and nobody was told it was saved.
 */
import { type FileHandle, open } from 'node:fs/promises';

export interface WalSync {
  /** Resolves once every commit made on the connection so far is on disk. */
  durable(): Promise<void>;
  close(): Promise<void>;
}

/** Flushes `file` to disk (fdatasync: its data and size, what a reader of the log needs after a crash). */
export function datasyncOf(file: string): { sync(): Promise<void>; close(): Promise<void> } {
  let handle: Promise<FileHandle> | undefined;
  return {
    sync: async () => {
      handle ??= open(file, 'r');
      await (await handle).datasync();
    },
    close: async () => {
      await (await handle)?.close();
    },
  };
}

/**
 * `committed` answers how many rows the connection's commits have changed so far (SQLite's
 * `total_changes()`, without a transaction still open); `file` syncs the database's `-wal` file.
 */
export function createWalSync(
  committed: () => number,
  file: { sync(): Promise<void>; close(): Promise<void> },
): WalSync {
  /** The connection's change count that the last finished sync covered. */
  let synced = committed();
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const syncNow = (): Promise<void> => {
    const covers = committed();
    running = file
      .sync()
      .then(() => {
        synced = Math.max(synced, covers);
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const durable = (): Promise<void> => {
    if (committed() <= synced) return Promise.resolve();
    if (!running) return syncNow();
    // The running sync may have started before this commit: it waits for the next, with every other that
    // arrives meanwhile.
    queued ??= running
      .catch(() => {})
      .then(() => {
        queued = undefined;
        return durable();
      });
    return queued;
  };

  return {
    durable,
    close: async () => {
      await running?.catch(() => {});
      await file.close();
    },
  };
}
