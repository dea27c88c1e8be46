/**
 * The outbox flusher: sends pending mutations in id order, in batches, until the outbox is empty,
 * so every queued write reaches the store exactly once (the store skips ids it already applied).
 */
import type { PushResponse } from '../core/types';
import { type Api, ApiError } from './api';
import { type CacheDb, getMeta, pendingMutations } from './db';
import { type ResultsOutcome, renumberPending, settleResults } from './outbox';

export interface PushOptions {
  db: CacheDb;
  api: Pick<Api, 'push' | 'pull'>;
  clientId: string;
  /** Mutations per push (the store accepts at most 100). */
  batchSize: number;
  /** Called after each batch the store answered, once its results are settled in the cache. */
  onSettled: (outcome: ResultsOutcome) => Promise<void>;
}

/** How often one flush renumbers the outbox after a `mutation_gap` before it gives up. */
const GAP_RETRIES = 3;

/** Pushes until the outbox is empty; throws what the store answered when it cannot go on. */
export async function pushOutbox({ db, api, clientId, batchSize, onSettled }: PushOptions) {
  let gapRetries = 0;
  for (;;) {
    const batch = await pendingMutations(db, batchSize);
    if (batch.length === 0) return;
    let response: PushResponse;
    try {
      response = await api.push(clientId, batch);
    } catch (error) {
      // The store expects other ids (e.g. the cache was restored from elsewhere): number ours from there.
      if (
        error instanceof ApiError &&
        error.code === 'mutation_gap' &&
        gapRetries++ < GAP_RETRIES
      ) {
        await renumberPending(db, await expectedMutationId(db, api, clientId, error));
        continue;
      }
      throw error;
    }
    const outcome = await settleResults(db, response);
    await onSettled(outcome);
    if (outcome.settled === 0) {
      // The store answered none of what we sent: retrying at once would loop forever.
      throw new ApiError(0, 'push_stalled', 'The store did not accept the pending changes yet.');
    }
  }
}

/** The id the store wants next: from the gap error, else from a pull's `lastMutationId`. */
export async function expectedMutationId(
  db: CacheDb,
  api: Pick<Api, 'pull'>,
  clientId: string,
  error: ApiError,
): Promise<number> {
  const expected = Number((error.details as { expected?: unknown } | undefined)?.expected);
  if (Number.isInteger(expected) && expected >= 1) return expected;
  const since = (await getMeta(db, 'cursor')) ?? 0;
  const { lastMutationId } = await api.pull(since, clientId, 1);
  return lastMutationId + 1;
}
