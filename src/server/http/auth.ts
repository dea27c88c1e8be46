/** Resolves the caller from `Authorization: Bearer`: an API token, or an embed JWT (see embed-token.ts). */
import type { Principal, StoreContext } from '../context';
import { sessionByToken, touchSession } from '../domain/sessions';
import { checkEmbedOrigin, embedPrincipal } from './embed-token';
import { unauthorized } from './errors';

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

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
  return async (header: string | undefined, epoch: number, origin?: string): Promise<Principal> => {
    if (!header) return { kind: 'anonymous' };
    const known = remembered.get(header);
    if (known && known.epoch === epoch && Date.now() < known.until) {
      if (known.principal.kind === 'user') checkEmbedOrigin(known.principal, origin);
      return known.principal;
    }
    const { principal, until } = await authenticate(ctx, header, touchEvery);
    if (principal.kind === 'user') {
      if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value!);
      remembered.set(header, { principal, epoch, until });
      checkEmbedOrigin(principal, origin);
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
