/**
 * The sync loop: pushes the outbox in id order, pulls until caught up, and retries with backoff,
 * so every queued write reaches the store exactly once. Its state is a signal the UI shows.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Change, MutationName, PullResponse } from '../core/types';
import { type Api, ApiError } from './api';
import {
  applyChanges,
  type CacheChange,
  type CacheDb,
  dismissProblem,
  getClientId,
  getMeta,
  listProblems,
  type Problem,
  pendingCount,
  pendingMutations,
  setMeta,
} from './db';
import {
  type EnqueueResult,
  enqueue,
  type MutateArgs,
  rebaseOnPulled,
  renumberPending,
  settleResults,
} from './outbox';

export type SyncState = 'synced' | 'pending' | 'offline' | 'error' | 'signed-out';

export interface SyncStatus {
  state: SyncState;
  /** Mutations waiting in the outbox. */
  pending: number;
  /** When the last full push + pull succeeded (ISO), null before the first. */
  lastSyncAt: string | null;
  error?: { code: string; message: string };
}

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
  start(): void;
  stop(): void;
}

const MAX_PAGES_PER_SYNC = 1_000;

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, api } = options;
  const intervalMs = options.intervalMs ?? 60_000;
  const initialDelay = options.initialDelayMs ?? 1_000;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const batchSize = Math.min(options.batchSize ?? 100, 100);
  const pullLimit = Math.min(options.pullLimit ?? 1_000, 1_000);
  const random = options.random ?? Math.random;

  const status = signal<SyncStatus>({ state: 'synced', pending: 0, lastSyncAt: null });
  const problems = signal<Problem[]>([]);

  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let intervalTimer: ReturnType<typeof setInterval> | undefined;
  let liveChannel: { close(): void } | undefined;
  let channel: BroadcastChannel | undefined;

  const setStatus = (patch: Partial<SyncStatus>) => {
    const next = { ...status.value, ...patch };
    if (
      patch.state &&
      patch.state !== 'error' &&
      patch.state !== 'signed-out' &&
      !('error' in patch)
    ) {
      delete next.error;
    }
    status.value = next;
  };

  const emit = (changes: CacheChange[], fromOtherTab = false) => {
    if (changes.length === 0) return;
    options.onChange?.(changes);
    if (!fromOtherTab) channel?.postMessage({ type: 'changes', changes });
  };

  const refreshPending = async () => {
    const pending = await pendingCount(db);
    const { state } = status.value;
    if (state === 'synced' || state === 'pending') {
      setStatus({ pending, state: pending > 0 ? 'pending' : 'synced' });
    } else {
      setStatus({ pending });
    }
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

  async function pushAll(id: string) {
    let gapRetries = 0;
    for (;;) {
      const batch = await pendingMutations(db, batchSize);
      if (batch.length === 0) return;
      let response: Awaited<ReturnType<typeof api.push>>;
      try {
        response = await api.push(id, batch);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'mutation_gap' && gapRetries++ < 3) {
          await renumberPending(db, await expectedMutationId(id, error));
          continue;
        }
        throw error;
      }
      const outcome = await settleResults(db, response);
      emit(outcome.changes);
      if (outcome.problems.length > 0) {
        await refreshProblems();
        channel?.postMessage({ type: 'problems' });
      }
      await refreshPending();
      if (outcome.settled === 0) {
        // The store answered none of what we sent: retrying at once would loop forever.
        throw new ApiError(0, 'push_stalled', 'The store did not accept the pending changes yet.');
      }
    }
  }

  /** The id the store wants next: from the gap error, else from a pull's `lastMutationId`. */
  async function expectedMutationId(id: string, error: ApiError): Promise<number> {
    const expected = Number((error.details as { expected?: unknown } | undefined)?.expected);
    if (Number.isInteger(expected) && expected >= 1) return expected;
    const since = (await getMeta(db, 'cursor')) ?? 0;
    const { lastMutationId } = await api.pull(since, id, 1);
    return lastMutationId + 1;
  }

  /**
   * Joining a community, or becoming its coordinator, widens what this person may read, while the feed
   * only holds rows changed after the cursor: such a pull is followed by one from 0, so older rows arrive.
   */
  async function widensView(changes: Change[]): Promise<boolean> {
    const me = (await getMeta(db, 'user'))?.id;
    if (!me) return false;
    for (const change of changes) {
      if (change.entity !== 'membership' || change.op !== 'put' || change.data.userId !== me)
        continue;
      const known = await db.get('membership', change.id);
      if (!known || known.role !== change.data.role) return true;
    }
    return false;
  }

  async function pullAll(id: string) {
    let next: { since: number; response: Promise<PullResponse> } | null = null;
    for (let page = 0; page < MAX_PAGES_PER_SYNC; page++) {
      const since = (await getMeta(db, 'cursor')) ?? 0;
      const pending: Promise<PullResponse> =
        next?.since === since ? next.response : api.pull(since, id, pullLimit);
      const response = await pending;
      // The next page downloads while this one is written; it is dropped if the cursor goes elsewhere.
      next = null;
      if (response.hasMore && response.cursor > since) {
        next = { since: response.cursor, response: api.pull(response.cursor, id, pullLimit) };
        next.response.catch(() => {});
      }
      const widened = since > 0 && (await widensView(response.changes));
      const changes = await applyChanges(db, response.changes, response.cursor, {
        since,
        lastMutationId: response.lastMutationId,
        afterApply: (tx, pulled, written) =>
          rebaseOnPulled(tx, pulled, written, {
            lastMutationId: response.lastMutationId,
            complete: !response.hasMore,
          }),
      });
      if (changes === null) continue; // another tab moved the cursor: pull again from there
      emit(changes);
      if (widened) {
        await setMeta(db, 'cursor', 0);
        continue;
      }
      if (!response.hasMore || response.cursor <= since) return;
    }
  }

  async function cycle() {
    clearTimeout(retryTimer);
    try {
      // Read each time: signing in as someone else gives the cache a new client id.
      const id = options.clientId ?? (await getClientId(db));
      await withLock(async () => {
        await pushAll(id);
        await pullAll(id);
      });
      failures = 0;
      const pending = await pendingCount(db);
      setStatus({
        state: pending > 0 ? 'pending' : 'synced',
        pending,
        lastSyncAt: new Date().toISOString(),
      });
      if (pending > 0) again = true; // queued while we were pushing
    } catch (error) {
      failures++;
      const pending = await pendingCount(db).catch(() => status.value.pending);
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(0, 'client_error', error instanceof Error ? error.message : String(error));
      const state: SyncState =
        apiError.code === 'unreachable'
          ? 'offline'
          : apiError.code === 'unauthorized'
            ? 'signed-out'
            : 'error';
      setStatus({ state, pending, error: { code: apiError.code, message: apiError.message } });
      scheduleRetry(state === 'signed-out' ? maxDelay : backoff());
    }
  }

  function backoff(): number {
    const base = Math.min(maxDelay, initialDelay * 2 ** Math.min(failures - 1, 16));
    return base / 2 + random() * (base / 2);
  }

  function scheduleRetry(delay: number) {
    if (stopped) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void syncNow(), delay);
  }

  function syncNow(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await cycle();
          // After a failure the retry timer takes over; looping here would hammer the store.
        } while (again && (status.value.state === 'synced' || status.value.state === 'pending'));
      } finally {
        running = null;
      }
    })();
    return running;
  }

  const onOnline = () => {
    failures = 0;
    void syncNow();
  };
  const onOffline = () => setStatus({ state: 'offline' });

  async function mutate<N extends MutationName>(name: N, args: MutateArgs<N>) {
    const result = await enqueue(db, name, args);
    emit(result.changes);
    channel?.postMessage({ type: 'outbox' });
    await refreshPending();
    void syncNow();
    return result;
  }

  return {
    status,
    problems,
    mutate,
    syncNow,
    async dismissProblem(id: number) {
      await dismissProblem(db, id);
      await refreshProblems();
      channel?.postMessage({ type: 'problems' });
    },
    async refresh() {
      await Promise.all([refreshPending(), refreshProblems()]);
    },
    start() {
      if (!stopped) return;
      stopped = false;
      const scope = globalThis as Partial<Pick<typeof globalThis, 'addEventListener'>>;
      scope.addEventListener?.('online', onOnline);
      scope.addEventListener?.('offline', onOffline);
      if (intervalMs > 0) intervalTimer = setInterval(() => void syncNow(), intervalMs);
      if (options.broadcast !== false && typeof BroadcastChannel === 'function') {
        channel = new BroadcastChannel(`cop-kit:${db.name}`);
        channel.onmessage = (event: MessageEvent) => {
          const message = event.data as { type: string; changes?: CacheChange[] };
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
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(intervalTimer);
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
