/** Client-generated ids make creates idempotent: the same id again is its author's retry; anyone else's is refused. */
import type { Db } from '../context';
import { conflict } from './errors';

/** True when `id` already exists and was created by `userId` (answer with what is stored); throws if someone else's. */
export async function isRetriedCreate(
  db: Db,
  table: 'practices' | 'questions' | 'answers',
  id: string,
  userId: string,
  what: string,
): Promise<boolean> {
  const existing = await db
    .selectFrom(table)
    .select('author_id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!existing) return false;
  if (existing.author_id !== userId)
    throw conflict('id_taken', `The id ${id} is already used by another ${what}.`);
  return true;
}
