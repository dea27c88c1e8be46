/** Reading published practices, the way every element that lists or counts them needs it. */
import { ApiError, type PracticeListItem } from '../src/client/api';
import type { PracticeKind } from '../src/core/types';
import { type Connection, connect } from './connection';

export interface PublishedQuery {
  community?: string;
  tag?: string;
  kind?: PracticeKind | '';
  limit?: number;
  q?: string;
}

/**
 * Published practices for `query`. A token that cannot read the community (not a member yet, or
 * expired) falls back to what anonymous readers may see: a feed should not go blank for that.
 */
export async function listPublished(
  conn: Connection,
  query: PublishedQuery,
): Promise<PracticeListItem[]> {
  const params = { ...query, kind: query.kind || undefined, status: 'published' };
  const read = (c: Connection) =>
    c.read<{ items: PracticeListItem[] }>('/api/v1/practices', params).then((r) => r.items);
  try {
    return await read(conn);
  } catch (error) {
    if (conn.token && error instanceof ApiError && error.status >= 401 && error.status <= 403)
      return read(connect(conn.store, null));
    throw error;
  }
}
