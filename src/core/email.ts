/**
 * One form for every email address the store keeps or compares: Unicode NFKC, then lower case.
 * Addresses that differ only in Unicode form (a fullwidth letter, the Kelvin sign that lowercases to
 * "k") are then the same address everywhere, and anything that is not a plain address afterwards is
 * refused, so no look-alike can be stored beside the account it imitates.
 */
import { LIMITS } from './limits';

/** A plain address: dot-atom local part and host labels, ASCII only (after normalising). */
const PLAIN_ADDRESS =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The stored form of `raw`, or null when that form is not a plain email address. */
export function normalizeEmail(raw: string): string | null {
  const normal = raw.normalize('NFKC').toLowerCase();
  // Lowercasing can itself produce characters NFKC would change again; a stable form is required.
  if (normal !== normal.normalize('NFKC')) return null;
  if (normal.length > LIMITS.email || !PLAIN_ADDRESS.test(normal)) return null;
  return normal;
}

export const EMAIL_REFUSED = 'must be a plain email address, such as name@example.com';
