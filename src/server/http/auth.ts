/** Resolves the caller from `Authorization: Bearer`: an API token, or an embed JWT signed with COP_EMBED_SECRET. */
import { errors, jwtVerify } from 'jose';
import type { Principal, StoreContext, UserPrincipal } from '../context';
import { DISABLED_MESSAGE, sessionByToken, touchSession } from '../domain/sessions';
import { userForEmbed } from '../domain/users';
import { unauthorized } from './errors';

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const CONTROLS = /\p{Cc}/gu;
const CONTROL = /\p{Cc}/u;
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Principals remembered per token, at most this many (the oldest goes first). */
const REMEMBERED = 10_000;

/** A session's last use is written at most this often (and a tenth of the idle lifetime, if that is less). */
const TOUCH_EVERY_MS = 60 * 60_000;

/**
 * Resolves callers, remembering each token's principal while the store's epoch is unchanged: a revoked
 * token or a disabled person bumps the epoch, so the next request looks it up again (and is refused). A
 * token is remembered no longer than it is valid, and an API token only until its last use is due to be
 * written again, so the idle lifetime counts from real use.
 */
export function createAuthenticator(ctx: StoreContext) {
  const remembered = new Map<string, { principal: Principal; epoch: number; until: number }>();
  const touchEvery = Math.min(TOUCH_EVERY_MS, (ctx.config.sessionIdleDays * 86_400_000) / 10);
  return async (header: string | undefined, epoch: number): Promise<Principal> => {
    if (!header) return { kind: 'anonymous' };
    const known = remembered.get(header);
    if (known && known.epoch === epoch && Date.now() < known.until) return known.principal;
    const { principal, until } = await authenticate(ctx, header, touchEvery);
    if (principal.kind === 'user') {
      if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value!);
      remembered.set(header, { principal, epoch, until });
    }
    return principal;
  };
}

async function authenticate(
  ctx: StoreContext,
  header: string,
  touchEvery: number,
): Promise<{ principal: Principal; until: number }> {
  const match = /^Bearer\s+(\S{1,4096})$/i.exec(header.trim());
  if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>".');
  const token = match[1];
  if (JWT_SHAPE.test(token)) {
    const principal = await embedPrincipal(ctx, token);
    return { principal, until: principal.expiresAt ?? Number.POSITIVE_INFINITY };
  }
  const { db } = ctx.storage;
  const now = Date.now();
  const found = await sessionByToken(db, token, ctx.config, now);
  const lastUsed = found.lastUsedAt ? Date.parse(found.lastUsedAt) : 0;
  let touchedAt = lastUsed;
  if (now - lastUsed >= touchEvery) {
    await touchSession(db, found.tokenId);
    touchedAt = now;
  }
  return {
    principal: { kind: 'user', user: found.user, via: 'token', tokenId: found.tokenId },
    until: Math.min(found.endsAt, touchedAt + touchEvery),
  };
}

async function embedPrincipal(ctx: StoreContext, token: string): Promise<UserPrincipal> {
  const secret = ctx.config.embedSecret;
  if (!secret)
    throw unauthorized('Embed tokens are not enabled on this store (COP_EMBED_SECRET is not set).');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw unauthorized('The embed token has expired. Reload the page to get a new one.');
    throw unauthorized(
      'The embed token is not valid: its signature or claims could not be verified.',
    );
  }
  const { sub, email } = payload;
  // Claims become stored text, so control characters (which PostgreSQL may refuse) are not allowed in them.
  const name = typeof payload.name === 'string' ? payload.name.replace(CONTROLS, '').trim() : '';
  if (
    typeof sub !== 'string' ||
    typeof email !== 'string' ||
    CONTROL.test(sub) ||
    !/^[^@\s\p{Cc}]+@[^@\s\p{Cc}]+$/u.test(email) ||
    email.length > 254
  ) {
    throw unauthorized('The embed token must carry the claims sub and email.');
  }
  const displayName = name ? name.slice(0, 120) : email;
  const user = await userForEmbed(ctx.storage.db, {
    sub: sub.slice(0, 200),
    email,
    name: displayName,
  });
  // A page's backend may still sign tokens for someone an admin has disabled: the store has the last word.
  if (user.disabledAt) throw unauthorized(DISABLED_MESSAGE);
  const communities = Array.isArray(payload.communities)
    ? payload.communities
        .filter((c): c is string => typeof c === 'string' && SLUG.test(c))
        .slice(0, 100)
    : [];
  // An embed token speaks for a person on an intranet page, never for the store's administration.
  return {
    kind: 'user',
    user: { ...user, isAdmin: false },
    via: 'embed',
    embedCommunities: communities,
    expiresAt: (payload.exp as number) * 1000,
  };
}
