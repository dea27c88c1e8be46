/** `Idempotency-Key` for REST writes: a retry with the same key returns the first response instead of writing twice. */
import type { Db } from '../context';
import { nowIso } from '../context';
import { badRequest } from './errors';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** Runs `write` once per (user, key) inside the caller's transaction, storing its response with the write itself. */
export async function idempotent(
  db: Db,
  userId: string,
  key: string | undefined,
  write: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (key === undefined) return write();
  if (!/^[\w.:-]{1,200}$/.test(key))
    throw badRequest(
      'invalid_idempotency_key',
      'Idempotency-Key must be 1–200 letters, digits or . _ : -',
    );
  const stored = await db
    .selectFrom('idempotency_keys')
    .select(['status', 'body'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (stored) return { status: stored.status, body: JSON.parse(stored.body) };
  const response = await write();
  await db
    .insertInto('idempotency_keys')
    .values({
      user_id: userId,
      key,
      status: response.status,
      body: JSON.stringify(response.body),
      created_at: nowIso(),
    })
    .execute();
  return response;
}
