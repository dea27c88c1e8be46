/**
 * The sync engine: pushes the outbox in id order, pulls until caught up, and retries with backoff,
 * so every queued write reaches the store exactly once. Its state is a signal the UI shows.
 *
 * It wires named parts, each readable and tested alone: the outbox flusher (sync-push.ts), the
 * puller that applies and rebases (sync-pull.ts), the scheduler with its backoff
 * (sync-scheduler.ts) and the status rules (sync-status.ts). What is left here is the cycle that
 * runs them under a cross-tab lock, the notes to other tabs, and the triggers (online, live, timer).
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { MutationName } from '../core/types';
import type { Api } from './api';
import {
  type CacheChange,
  type CacheDb,
  dismissProblem,
  getClientId,
  listProblems,
  type Problem,
  pendingCount,
} from './db';
import { type EnqueueResult, enqueue, type MutateArgs } from './outbox';
import { pullUntilCaughtUp } from './sync-pull';
import { pushOutbox } from './sync-push';
import { createBackoff, createScheduler } from './sync-scheduler';
import {
  createStatusCell,
  failureStatus,
  isHealthy,
  pendingPatch,
  type SyncStatus,
} from './sync-status';

export type { SyncState, SyncStatus } from './sync-status';

/** Starts a live channel; calls `onChange` when the store says "pull now", `onOpen` on each (re)connect. */
export type LiveChannelFactory = (handlers: { onChange: () => void; onOpen: () => void }) => {
  close(): void;
};

export interface SyncEngineOptions {
  db: CacheDb;
  api: Pick<Api, 'push' | 'pull'>;
  /** Defaults to the cache's own client id (created on first use). */
  clientId?: string;
  /** Called whenever cached rows change: pulled, written optimistically, undone, or by another tab. */
  onChange?: (changes: CacheChange[]) => void;
  /** The live channel; without it the engine relies on the timer and other triggers. */
  live?: LiveChannelFactory;
  /** Periodic sync; 0 turns the timer off (an extension service worker uses alarms instead). */
  intervalMs?: number;
  /** Retry delays after failures: from `initialDelayMs` doubling to `maxDelayMs`, with jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Mutations per push (the store accepts at most 100). */
  batchSize?: number;
  /** Changes per pull page (default and most: the store's limit, 1,000). */
  pullLimit?: number;
  /** Tell other tabs of the same origin about changes (BroadcastChannel). Default true. */
  broadcast?: boolean;
  /** For tests: the jitter source. */
  random?: () => number;
}

export interface SyncEngine {
  readonly status: ReadonlySignal<SyncStatus>;
  /** Mutations the store rejected or found in conflict, newest last. */
  readonly problems: ReadonlySignal<Problem[]>;
  /** Queues a write (shown at once in the cache) and starts sending it. */
  mutate<N extends MutationName>(name: N, args: MutateArgs<N>): Promise<EnqueueResult<N>>;
  /** Pushes and pulls now; resolves when caught up or failed (failures also schedule a retry). */
  syncNow(): Promise<void>;
  dismissProblem(id: number): Promise<void>;
  /** Re-reads the pending count and problems (after the cache was reset from outside). */
  refresh(): Promise<void>;
  /** The cache was closed for a newer version (another tab): stop for good and say so. */
  outdated(): void;
  start(): void;
  stop(): void;
}

/** Messages to the other tabs of the same origin, which share the cache. */
type TabMessage =
  | { type: 'changes'; changes: CacheChange[] }
  | { type: 'problems' }
  | { type: 'outbox' };

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, api } = options;
  const intervalMs = options.intervalMs ?? 60_000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const batchSize = Math.min(options.batchSize ?? 100, 100);
  const pullLimit = Math.min(options.pullLimit ?? 1_000, 1_000);

  const status = createStatusCell();
  const problems = signal<Problem[]>([]);
  const backoff = createBackoff({
    initialDelayMs: options.initialDelayMs ?? 1_000,
    maxDelayMs,
    random: options.random ?? Math.random,
  });
  const scheduler = createScheduler({ cycle, healthy: () => isHealthy(status.value) });
  let liveChannel: { close(): void } | undefined;
  let channel: BroadcastChannel | undefined;

  const tell = (message: TabMessage) => channel?.postMessage(message);

  const emit = (changes: CacheChange[], fromOtherTab = false) => {
    if (changes.length === 0) return;
    options.onChange?.(changes);
    if (!fromOtherTab) tell({ type: 'changes', changes });
  };

  const refreshPending = async () => {
    status.patch(pendingPatch(status.value, await pendingCount(db)));
  };

  const refreshProblems = async () => {
    problems.value = await listProblems(db);
  };

  /** Serialises syncing across tabs of one origin; each cycle reads the outbox afresh inside. */
  const withLock = <T>(fn: () => Promise<T>): Promise<T> => {
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    if (!locks?.request) return fn();
    return locks.request(`cop-kit-sync:${db.name}`, fn) as Promise<T>;
  };

  async function cycle() {
    try {
      // Read each time: signing in as someone else gives the cache a new client id.
      const clientId = options.clientId ?? (await getClientId(db));
      await withLock(async () => {
        await pushOutbox({
          db,
          api,
          clientId,
          batchSize,
          async onSettled(outcome) {
            emit(outcome.changes);
            if (outcome.problems.length > 0) {
              await refreshProblems();
              tell({ type: 'problems' });
            }
            await refreshPending();
          },
        });
        await pullUntilCaughtUp({ db, api, clientId, pullLimit, onChanges: (c) => emit(c) });
      });
      backoff.reset();
      const pending = await pendingCount(db);
      status.patch({
        state: pending > 0 ? 'pending' : 'synced',
        pending,
        lastSyncAt: new Date().toISOString(),
      });
      if (pending > 0) scheduler.again(); // queued while we were pushing
    } catch (error) {
      const delay = backoff.failed();
      const pending = await pendingCount(db).catch(() => status.value.pending);
      const failure = failureStatus(error);
      status.patch({ ...failure, pending });
      scheduler.retryIn(failure.state === 'signed-out' ? maxDelayMs : delay);
    }
  }

  const syncNow = () => scheduler.run();

  const onOnline = () => {
    backoff.reset();
    void syncNow();
  };
  const onOffline = () => status.patch({ state: 'offline' });

  async function mutate<N extends MutationName>(name: N, args: MutateArgs<N>) {
    const result = await enqueue(db, name, args);
    emit(result.changes);
    tell({ type: 'outbox' });
    await refreshPending();
    void syncNow();
    return result;
  }

  return {
    status: status.signal,
    problems,
    mutate,
    syncNow,
    async dismissProblem(id: number) {
      await dismissProblem(db, id);
      await refreshProblems();
      tell({ type: 'problems' });
    },
    async refresh() {
      await Promise.all([refreshPending(), refreshProblems()]);
    },
    outdated() {
      this.stop();
      status.patch({ state: 'outdated' });
    },
    start() {
      if (!scheduler.stopped || status.value.state === 'outdated') return;
      scheduler.start(intervalMs);
      const scope = globalThis as Partial<Pick<typeof globalThis, 'addEventListener'>>;
      scope.addEventListener?.('online', onOnline);
      scope.addEventListener?.('offline', onOffline);
      if (options.broadcast !== false && typeof BroadcastChannel === 'function') {
        channel = new BroadcastChannel(`cop-kit:${db.name}`);
        channel.onmessage = (event: MessageEvent) => {
          const message = event.data as TabMessage;
          if (message.type === 'changes' && message.changes) emit(message.changes, true);
          if (message.type === 'problems') void refreshProblems();
          void refreshPending();
        };
      }
      liveChannel = options.live?.({
        onChange: () => void syncNow(),
        onOpen: () => void syncNow(),
      });
      void refreshProblems();
      void refreshPending().then(() => syncNow());
    },
    stop() {
      scheduler.stop();
      const scope = globalThis as Partial<Pick<typeof globalThis, 'removeEventListener'>>;
      scope.removeEventListener?.('online', onOnline);
      scope.removeEventListener?.('offline', onOffline);
      liveChannel?.close();
      liveChannel = undefined;
      channel?.close();
      channel = undefined;
    },
  };
}
