import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import {
  failureStatus,
  isHealthy,
  patchStatus,
  pendingPatch,
  type SyncStatus,
} from './sync-status';

const base: SyncStatus = { state: 'synced', pending: 0, lastSyncAt: null };
const failed: SyncStatus = {
  state: 'error',
  pending: 2,
  lastSyncAt: null,
  error: { code: 'internal', message: 'Boom' },
};

describe('sync status rules', () => {
  it('drops the old error once the state is no longer a failure, and keeps it otherwise', () => {
    expect(patchStatus(failed, { state: 'synced' })).toEqual({ ...base, pending: 2 });
    expect(patchStatus(failed, { state: 'offline' }).error).toBeUndefined();
    expect(patchStatus(failed, { pending: 3 }).error).toEqual(failed.error);
    expect(patchStatus(failed, { state: 'signed-out' }).error).toEqual(failed.error);
  });

  it('lets the pending count move a healthy state, but not a failure', () => {
    expect(pendingPatch(base, 2)).toEqual({ pending: 2, state: 'pending' });
    expect(pendingPatch({ ...base, state: 'pending', pending: 1 }, 0)).toEqual({
      pending: 0,
      state: 'synced',
    });
    expect(pendingPatch({ ...base, state: 'offline' }, 4)).toEqual({ pending: 4 });
  });

  it('says offline when unreachable, signed out when refused, and an error otherwise', () => {
    expect(failureStatus(new ApiError(0, 'unreachable', 'No network')).state).toBe('offline');
    expect(failureStatus(new ApiError(401, 'unauthorized', 'Sign in')).state).toBe('signed-out');
    expect(failureStatus(new ApiError(500, 'internal', 'Boom'))).toEqual({
      state: 'error',
      error: { code: 'internal', message: 'Boom' },
    });
    expect(failureStatus(new TypeError('x is undefined'))).toEqual({
      state: 'error',
      error: { code: 'client_error', message: 'x is undefined' },
    });
  });

  it('counts only synced and pending as healthy', () => {
    expect(
      ['synced', 'pending', 'offline', 'error', 'signed-out'].filter((state) =>
        isHealthy({ ...base, state: state as SyncStatus['state'] }),
      ),
    ).toEqual(['synced', 'pending']);
  });

  it('keeps outdated for good: a cycle still running on the closed cache does not paint over it', () => {
    const outdated = patchStatus(base, { state: 'outdated' });
    expect(outdated.state).toBe('outdated');
    expect(patchStatus(outdated, { state: 'error', error: { code: 'x', message: 'closed' } })).toBe(
      outdated,
    );
    expect(patchStatus(outdated, pendingPatch(outdated, 3))).toBe(outdated);
  });
});
