/**
 * The puller: fetches the change feed page by page from the cache's cursor until caught up,
 * applies each page to the cache and rebases pending writes on it. The next page downloads while
 * one is written.
 */
import type { Change, PullResponse } from '../core/types';
import type { Api } from './api';
import { applyChanges, type CacheChange, type CacheDb, getMeta, setMeta } from './db';
import { rebaseOnPulled } from './outbox';

/** A bound on one catch-up, so a store that always says "more" cannot keep a client busy forever. */
const MAX_PAGES_PER_SYNC = 1_000;

export interface PullOptions {
  db: CacheDb;
  api: Pick<Api, 'pull'>;
  clientId: string;
  /** Changes per page (the store's limit is 1,000). */
  pullLimit: number;
  /** Called with the cached rows each applied page changed. */
  onChanges: (changes: CacheChange[]) => void;
}

/** Pulls until the store has no more changes past the cursor. */
export async function pullUntilCaughtUp({ db, api, clientId, pullLimit, onChanges }: PullOptions) {
  let next: { since: number; response: Promise<PullResponse> } | null = null;
  for (let page = 0; page < MAX_PAGES_PER_SYNC; page++) {
    const since = (await getMeta(db, 'cursor')) ?? 0;
    const pending: Promise<PullResponse> =
      next?.since === since ? next.response : api.pull(since, clientId, pullLimit);
    const response = await pending;
    // The next page downloads while this one is written; it is dropped if the cursor goes elsewhere.
    next = null;
    if (response.hasMore && response.cursor > since) {
      next = { since: response.cursor, response: api.pull(response.cursor, clientId, pullLimit) };
      next.response.catch(() => {});
    }
    const widened = since > 0 && (await widensView(db, response.changes));
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
    if (changes.length > 0) onChanges(changes);
    if (widened) {
      await setMeta(db, 'cursor', 0);
      continue;
    }
    if (!response.hasMore || response.cursor <= since) return;
  }
}

/**
 * Joining a community, or becoming its coordinator, widens what this person may read, while the feed
 * only holds rows changed after the cursor: such a pull is followed by one from 0, so older rows arrive.
 */
export async function widensView(db: CacheDb, changes: readonly Change[]): Promise<boolean> {
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
