/** Resolves the caller from `Authorization: Bearer`: an API token, or an embed JWT (see embed-token.ts). */
import type { Principal, StoreContext } from '../context';
import { userByToken } from '../domain/users';
import { checkEmbedOrigin, embedPrincipal } from './embed-token';
import { unauthorized } from './errors';

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Principals remembered per token, at most this many (the oldest goes first). */
const REMEMBERED = 10_000;

/**
 * Resolves callers, remembering each token's principal while the store's epoch is unchanged: a revoked
 * token bumps the epoch, so the next request looks it up again (and is refused). An embed token is
 * remembered no longer than it is valid.
 */
export function createAuthenticator(ctx: StoreContext) {
  const remembered = new Map<string, { principal: Principal; epoch: number; until: number }>();
  return async (header: string | undefined, epoch: number, origin?: string): Promise<Principal> => {
    if (!header) return { kind: 'anonymous' };
    const known = remembered.get(header);
    if (known && known.epoch === epoch && Date.now() < known.until) {
      if (known.principal.kind === 'user') checkEmbedOrigin(known.principal, origin);
      return known.principal;
    }
    const principal = await authenticate(ctx, header);
    if (principal.kind === 'user') {
      if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value!);
      remembered.set(header, { principal, epoch, until: principal.expiresAt ?? Infinity });
      checkEmbedOrigin(principal, origin);
    }
    return principal;
  };
}

async function authenticate(ctx: StoreContext, header: string | undefined): Promise<Principal> {
  if (!header) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S{1,4096})$/i.exec(header.trim());
  if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>".');
  const token = match[1];
  if (JWT_SHAPE.test(token)) return embedPrincipal(ctx, token);
  const found = await userByToken(ctx.storage.db, token);
  if (!found)
    throw unauthorized('This token is not valid: it may have been revoked. Sign in again.');
  return { kind: 'user', user: found.user, via: 'token', tokenId: found.tokenId };
}
