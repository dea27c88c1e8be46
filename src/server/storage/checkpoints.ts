/**
 * WAL checkpoints off the request path. SQLite copies the write-ahead log back into the database file
 * (and fsyncs it) when the log passes a size, inside whichever commit crosses it: that push would wait
 * for megabytes of writes. A worker thread with its own connection checkpoints in the background instead;
 * the writer's automatic checkpoint stays on at SQLite's default, for bursts the worker cannot keep up with
 * (and so that a small or nearly full disk never holds a log larger than SQLite would keep anyway).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages the log may grow to before a commit checkpoints by itself (4 KB pages: 4 MB). */
export const FALLBACK_CHECKPOINT_PAGES = 1_000;
const EVERY_MS = 250;

// Plain JavaScript evaluated in the worker: worker threads do not inherit the TypeScript loader.
const WORKER = `
const { workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 1000');
setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A full or read-only disk: the writer reports it; the next round tries again.
  }
}, workerData.everyMs);
`;

/** Starts background checkpoints of `file`; the returned function stops them. */
export function startCheckpoints(file: string): () => Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, driver, everyMs: EVERY_MS },
  });
  // Never the reason a store stays up, and never fatal: the writer checkpoints by itself without it.
  worker.unref();
  worker.on('error', () => {});
  return async () => {
    await worker.terminate();
  };
}
