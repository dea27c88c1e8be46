/** People and their credentials: passwords (scrypt), API tokens (only their SHA-256 is stored) and embed-token users. */
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { User } from '../../core/types';
import { type Db, nowIso } from '../context';
import type { Database } from '../storage/schema';
import { bumpEpoch } from './changes';
import { conflict } from './errors';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, SCRYPT);
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // Compare against a dummy hash when the user has no password, so timing does not reveal which emails exist.
  const [scheme, saltText, keyText] = (stored ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAA').split('$');
  if (scheme !== 'scrypt' || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await scryptAsync(
    password,
    Buffer.from(saltText, 'base64url'),
    expected.length || 32,
    SCRYPT,
  );
  return stored !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function userFromRow(row: Database['users']): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  };
}

export async function createUser(
  db: Db,
  input: {
    email: string;
    name: string;
    password?: string;
    isAdmin?: boolean;
    embedSubject?: string;
  },
): Promise<User> {
  const email = input.email.toLowerCase();
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (taken) throw conflict('email_taken', `A user with the email ${email} already exists.`);
  const row: Database['users'] = {
    id: randomUUID(),
    email,
    name: input.name,
    password_hash: input.password ? await hashPassword(input.password) : null,
    is_admin: input.isAdmin ? 1 : 0,
    embed_subject: input.embedSubject ?? null,
    created_at: nowIso(),
    disabled_at: null,
  };
  await db.insertInto('users').values(row).execute();
  return userFromRow(row);
}

/** Issues a new API token; the plain token is returned once and never stored. */
export async function issueToken(
  db: Db,
  userId: string,
  name = 'api',
  token = `cop_${randomBytes(32).toString('base64url')}`,
) {
  const id = randomUUID();
  await db
    .insertInto('api_tokens')
    .values({
      id,
      user_id: userId,
      token_hash: hashToken(token),
      name,
      created_at: nowIso(),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { id, token };
}

export async function userByToken(
  db: Db,
  token: string,
): Promise<{ user: User; tokenId: string } | undefined> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('u')
    .select('t.id as token_id')
    .where('t.token_hash', '=', hashToken(token))
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_id, ...user } = row;
  return { user: userFromRow(user), tokenId: token_id };
}

export async function revokeToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: nowIso() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const revoked = Number(result.numUpdatedRows) > 0;
  // Stores remember principals per token until the epoch changes.
  if (revoked) await bumpEpoch(db);
  return revoked;
}

/** Finds the user an embed token speaks for, creating it on first use (matched by subject, then email). */
export async function userForEmbed(
  db: Db,
  claims: { sub: string; email: string; name: string },
): Promise<User> {
  try {
    return await findOrCreateEmbedUser(db, claims);
  } catch {
    // Widgets on one page often send a new token's first requests together: another request created the user.
    return findOrCreateEmbedUser(db, claims);
  }
}

async function findOrCreateEmbedUser(
  db: Db,
  claims: { sub: string; email: string; name: string },
): Promise<User> {
  const bySubject = await db
    .selectFrom('users')
    .selectAll()
    .where('embed_subject', '=', claims.sub)
    .executeTakeFirst();
  if (bySubject) return userFromRow(bySubject);
  const byEmail = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', claims.email.toLowerCase())
    .executeTakeFirst();
  if (byEmail) {
    if (byEmail.embed_subject === null) {
      await db
        .updateTable('users')
        .set({ embed_subject: claims.sub })
        .where('id', '=', byEmail.id)
        .execute();
    }
    return userFromRow(byEmail);
  }
  return createUser(db, { email: claims.email, name: claims.name, embedSubject: claims.sub });
}
