/**
 * Sessions that end: an API token stops working after days unused (idle) or days after it was made
 * (absolute), when its owner signs out, or when an admin disables its owner. A person lists and revokes
 * their own sessions; every ending is in the audit trail.
 */
import type { SessionInfo } from '../../core/accounts';
import type { User } from '../../core/types';
import { type Db, nowIso } from '../context';
import { recordAudit } from './audit';
import { bumpEpoch } from './changes';
import { conflict, notFound, unauthorized } from './errors';
import { ADMIN_TOKEN_NAME, hashToken, revokeToken, userFromRow } from './users';

const DAY_MS = 86_400_000;

export interface SessionLimits {
  sessionIdleDays: number;
  sessionMaxDays: number;
}

export const DISABLED_MESSAGE =
  'This account is disabled: ask an admin of the store to enable it again.';

/** When a token stops working if it is not used again: the earlier of its idle and absolute ends (ms). */
export function sessionEndsAt(
  token: { name: string; created_at: string; last_used_at: string | null },
  limits: SessionLimits,
): number {
  // The deployment's own admin token lives as long as COP_ADMIN_TOKEN names it: rotating it is changing the variable.
  if (token.name === ADMIN_TOKEN_NAME) return Number.POSITIVE_INFINITY;
  const made = Date.parse(token.created_at);
  const used = Date.parse(token.last_used_at ?? token.created_at);
  return Math.min(made + limits.sessionMaxDays * DAY_MS, used + limits.sessionIdleDays * DAY_MS);
}

/**
 * The person an API token speaks for, or a 401 saying why not (disabled, signed out, ended). The person's
 * state is checked before the token's, so a disabled person hears that, not that the token was revoked.
 */
export async function sessionByToken(
  db: Db,
  token: string,
  limits: SessionLimits,
  now = Date.now(),
): Promise<{ user: User; tokenId: string; endsAt: number; lastUsedAt: string | null }> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('u')
    .select([
      't.id as token_id',
      't.name as token_name',
      't.created_at as token_created_at',
      't.last_used_at',
      't.revoked_at',
    ])
    .where('t.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) throw unauthorized('This token is not valid: it may have been revoked. Sign in again.');
  const { token_id, token_name, token_created_at, last_used_at, revoked_at, ...user } = row;
  if (user.disabled_at) throw unauthorized(DISABLED_MESSAGE);
  if (revoked_at)
    throw unauthorized('This session was signed out or revoked. Sign in again to continue.');
  const endsAt = sessionEndsAt(
    { name: token_name, created_at: token_created_at, last_used_at },
    limits,
  );
  if (now >= endsAt) {
    const absolute = Date.parse(token_created_at) + limits.sessionMaxDays * DAY_MS;
    throw unauthorized(
      now >= absolute
        ? `This session ended ${limits.sessionMaxDays} days after sign-in, as every session does. Sign in again.`
        : `This session ended after ${limits.sessionIdleDays} days without use. Sign in again.`,
    );
  }
  return { user: userFromRow(user), tokenId: token_id, endsAt, lastUsedAt: last_used_at };
}

/** Notes that a session was used; the idle lifetime counts from here. */
export async function touchSession(db: Db, tokenId: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: nowIso() })
    .where('id', '=', tokenId)
    .execute();
}

/** The person's sessions that still work, newest first; `current` marks the one asking. */
export async function listSessions(
  db: Db,
  userId: string,
  currentTokenId: string | undefined,
  limits: SessionLimits,
): Promise<SessionInfo[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'user_agent', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  const now = Date.now();
  return rows.flatMap((r) => {
    const endsAt = sessionEndsAt(r, limits);
    if (now >= endsAt) return [];
    return [
      {
        id: r.id,
        name: r.name,
        userAgent: r.user_agent,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
        endsAt: Number.isFinite(endsAt) ? new Date(endsAt).toISOString() : null,
        current: r.id === currentTokenId,
      },
    ];
  });
}

/** Revokes one of the person's own tokens, and audits it; false when there is no such working token. */
export async function revokeSession(
  db: Db,
  userId: string,
  tokenId: string,
  how: 'sign-out' | 'revoke-session',
): Promise<boolean> {
  if (!(await revokeToken(db, userId, tokenId))) return false;
  await recordAudit(db, userId, null, how, 'session', tokenId, null, null);
  return true;
}

/** An admin disables a person: every token stops at once, what they wrote stays. */
export async function setDisabled(
  db: Db,
  actor: User,
  userId: string,
  disabled: boolean,
): Promise<User> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row) throw notFound(`The user ${userId}`);
  if (disabled && userId === actor.id)
    throw conflict(
      'cannot_disable_self',
      'You cannot disable your own account: ask another admin to do it.',
    );
  const at = nowIso();
  if (disabled === Boolean(row.disabled_at)) return userFromRow(row);
  await db
    .updateTable('users')
    .set({ disabled_at: disabled ? at : null })
    .where('id', '=', userId)
    .execute();
  if (disabled) {
    // Enabling again does not bring old sessions back: the person signs in afresh.
    await db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }
  await bumpEpoch(db);
  await recordAudit(
    db,
    actor.id,
    null,
    disabled ? 'disable-user' : 'enable-user',
    'user',
    userId,
    { disabledAt: row.disabled_at },
    { disabledAt: disabled ? at : null },
  );
  return userFromRow({ ...row, disabled_at: disabled ? at : null });
}
