/** People and their credentials: passwords (scrypt), API tokens (only their SHA-256 is stored) and embed-token users. */
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { EMAIL_REFUSED, normalizeEmail } from '../../core/email';
import type { User } from '../../core/types';
import { type Db, nowIso } from '../context';
import type { Database } from '../storage/schema';
import { bumpEpoch } from './changes';
import { badRequest, conflict } from './errors';

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

/** The stored form of an email (NFKC, lower case); anything else is refused with 400. */
export function emailKey(email: string): string {
  const normal = normalizeEmail(email);
  if (!normal)
    throw badRequest('invalid_email', `The email "${email.slice(0, 80)}" ${EMAIL_REFUSED}.`);
  return normal;
}

/** The person with this email (in any Unicode form of it), if there is one. */
export async function userRowByEmail(db: Db, email: string) {
  const normal = normalizeEmail(email);
  if (!normal) return undefined;
  return db.selectFrom('users').selectAll().where('email', '=', normal).executeTakeFirst();
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
  },
): Promise<User> {
  const email = emailKey(input.email);
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
    embed_subject: null,
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

export interface EmbedClaims {
  /** The token's `iss`, or a fixed key for tokens without one. */
  issuer: string;
  sub: string;
  /** Already normalised. */
  email: string;
  name: string;
}

/**
 * Finds the person an embed token speaks for by its issuer and `sub`, creating them on first use. An
 * existing account is never found by email alone: only when the operator allows it (`linkByEmail`), and
 * only an account no embed token is bound to yet, is a new issuer and `sub` linked to it.
 */
export async function userForEmbed(
  db: Db,
  claims: EmbedClaims,
  options: { linkByEmail: boolean },
): Promise<User> {
  try {
    return await findOrCreateEmbedUser(db, claims, options);
  } catch {
    // Widgets on one page often send a new token's first requests together: another request created the
    // person (a unique key refused this one, or its committed account was seen by email before its binding
    // was looked up). The person and the binding commit together, so a second look finds the binding.
    return findOrCreateEmbedUser(db, claims, options);
  }
}

async function findOrCreateEmbedUser(
  db: Db,
  claims: EmbedClaims,
  options: { linkByEmail: boolean },
): Promise<User> {
  const bound = await db
    .selectFrom('embed_identities as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .selectAll('u')
    .where('i.issuer', '=', claims.issuer)
    .where('i.subject', '=', claims.sub)
    .executeTakeFirst();
  if (bound) return userFromRow(bound);
  const bind = (trx: Db, userId: string) =>
    trx
      .insertInto('embed_identities')
      .values({ issuer: claims.issuer, subject: claims.sub, user_id: userId, created_at: nowIso() })
      .execute();
  const byEmail = await userRowByEmail(db, claims.email);
  if (byEmail) {
    if (!options.linkByEmail)
      throw conflict(
        'embed_account_exists',
        `An account with the email ${claims.email} already exists and no embed token is linked to it. The store links accounts by email only when its operator allows it (COP_EMBED_LINK_BY_EMAIL=1).`,
      );
    const already = await db
      .selectFrom('embed_identities')
      .select('subject')
      .where('user_id', '=', byEmail.id)
      .executeTakeFirst();
    if (already)
      throw conflict(
        'embed_account_bound',
        `The account with the email ${claims.email} is already linked to another embed sign-in; a token with a different sub cannot use it.`,
      );
    await bind(db, byEmail.id);
    return userFromRow(byEmail);
  }
  const create = async (trx: Db) => {
    const user = await createUser(trx, { email: claims.email, name: claims.name });
    await bind(trx, user.id);
    return user;
  };
  return db.isTransaction ? create(db) : db.transaction().execute(create);
}
