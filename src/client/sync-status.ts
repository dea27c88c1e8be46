/**
 * The sync status the UI shows, and its rules: how a patch moves it, how the pending count moves
 * it, and what state a failure puts it in. Pure functions over a signal, so each rule reads alone.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { ApiError } from './api';

/**
 * `outdated`: another tab opened a newer version of the cache, so this connection closed itself;
 * nothing syncs here until the page reloads with the newer code.
 */
export type SyncState = 'synced' | 'pending' | 'offline' | 'error' | 'signed-out' | 'outdated';

export interface SyncStatus {
  state: SyncState;
  /** Mutations waiting in the outbox. */
  pending: number;
  /** When the last full push + pull succeeded (ISO), null before the first. */
  lastSyncAt: string | null;
  error?: { code: string; message: string };
}

/**
 * `current` with `patch` applied; moving to a state that is not a failure drops the old error.
 * Outdated is final: a cycle still running on the closed cache must not paint over it.
 */
export function patchStatus(current: SyncStatus, patch: Partial<SyncStatus>): SyncStatus {
  if (current.state === 'outdated') return current;
  const next = { ...current, ...patch };
  if (
    patch.state &&
    patch.state !== 'error' &&
    patch.state !== 'signed-out' &&
    !('error' in patch)
  ) {
    delete next.error;
  }
  return next;
}

/**
 * The patch for a fresh pending count: while healthy the state follows it (pending or synced); a
 * failure state stays until a sync succeeds.
 */
export function pendingPatch(current: SyncStatus, pending: number): Partial<SyncStatus> {
  if (current.state === 'synced' || current.state === 'pending') {
    return { pending, state: pending > 0 ? 'pending' : 'synced' };
  }
  return { pending };
}

/** The state a failed cycle leaves, and the error to show: offline, signed out, or another error. */
export function failureStatus(error: unknown): Required<Pick<SyncStatus, 'state' | 'error'>> {
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
  return { state, error: { code: apiError.code, message: apiError.message } };
}

/** Whether the last cycle left the engine able to keep going (no failure shown). */
export const isHealthy = (status: SyncStatus) =>
  status.state === 'synced' || status.state === 'pending';

export interface StatusCell {
  readonly signal: ReadonlySignal<SyncStatus>;
  readonly value: SyncStatus;
  patch(patch: Partial<SyncStatus>): void;
}

export function createStatusCell(): StatusCell {
  const status = signal<SyncStatus>({ state: 'synced', pending: 0, lastSyncAt: null });
  return {
    signal: status,
    get value() {
      return status.value;
    },
    patch(patch) {
      status.value = patchStatus(status.value, patch);
    },
  };
}
