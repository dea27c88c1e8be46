/**
 * Embed tokens: JWTs an intranet's backend signs (HS256, COP_EMBED_SECRET) for the person on its page, and
 * the demo's own tokens (signed with the demo's key, issuer `cop:demo`). Verified here into a principal that
 * http/auth.ts hands on; what the principal may then do is decided once, in domain/access.ts.
 */
import { decodeJwt, errors, type JWTPayload, jwtVerify } from 'jose';
import { normalizeEmail } from '../../core/email';
import type { StoreContext, UserPrincipal } from '../context';
import { demoSigningKey } from '../demo/secret';
import { userForEmbed } from '../domain/users';
import { unauthorized } from './errors';

/** The identity key for tokens that carry no `iss` (kept in step with migration 0009). */
export const DEFAULT_ISSUER = 'cop:embed';
/** The issuer of the demo's tokens; only the demo's key can sign for it. */
export const DEMO_ISSUER = 'cop:demo';

const CONTROLS = /\p{Cc}/gu;
const CONTROL = /\p{Cc}/u;
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** The issuer a token claims, read before verifying only to choose the key that must have signed it. */
function claimedIssuer(token: string): unknown {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}

export async function embedPrincipal(ctx: StoreContext, token: string): Promise<UserPrincipal> {
  const demo = claimedIssuer(token) === DEMO_ISSUER;
  const policy = ctx.config.embed;
  let key: Uint8Array;
  if (demo) {
    const demoKey = demoSigningKey(ctx);
    if (!demoKey) throw unauthorized('This store has no demo, so demo tokens are not accepted.');
    key = await demoKey;
  } else {
    if (!ctx.config.embedSecret)
      throw unauthorized(
        'Embed tokens are not enabled on this store (COP_EMBED_SECRET is not set).',
      );
    key = new TextEncoder().encode(ctx.config.embedSecret);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
      ...(demo ? { issuer: DEMO_ISSUER } : { issuer: policy.issuer, audience: policy.audience }),
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw unauthorized('The embed token has expired. Reload the page to get a new one.');
    if (
      error instanceof errors.JWTClaimValidationFailed &&
      (error.claim === 'iss' || error.claim === 'aud')
    )
      throw unauthorized(
        `The embed token is not meant for this store: its ${error.claim === 'iss' ? 'issuer (iss)' : 'audience (aud)'} is not one the store accepts.`,
      );
    throw unauthorized(
      'The embed token is not valid: its signature or claims could not be verified.',
    );
  }

  // A stolen token is worth only as long as it lives: lifetimes are counted from iat (or now, if later or absent).
  const now = Math.floor(Date.now() / 1000);
  const exp = payload.exp!;
  const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  if (exp - issuedAt > policy.maxLifetimeSeconds)
    throw unauthorized(
      `The embed token lives longer than this store allows (at most ${describeSeconds(policy.maxLifetimeSeconds)}): sign tokens that expire sooner.`,
    );

  const { sub, email } = payload;
  // Claims become stored text, so control characters (which PostgreSQL may refuse) are not allowed in them.
  const name = typeof payload.name === 'string' ? payload.name.replace(CONTROLS, '').trim() : '';
  if (typeof sub !== 'string' || !sub || CONTROL.test(sub) || typeof email !== 'string')
    throw unauthorized('The embed token must carry the claims sub and email.');
  const normalEmail = normalizeEmail(email);
  if (!normalEmail)
    throw unauthorized(
      'The embed token’s email claim is not a plain email address, such as name@example.com.',
    );
  const origins = bindingOrigins(payload.origins);
  const user = await userForEmbed(
    ctx.storage.db,
    {
      issuer: demo ? DEMO_ISSUER : typeof payload.iss === 'string' ? payload.iss : DEFAULT_ISSUER,
      sub: sub.slice(0, 200),
      email: normalEmail,
      name: name ? name.slice(0, 120) : normalEmail,
    },
    { linkByEmail: !demo && policy.linkByEmail },
  );
  const communities = Array.isArray(payload.communities)
    ? payload.communities
        .filter((c): c is string => typeof c === 'string' && SLUG.test(c))
        .slice(0, 100)
    : [];
  return {
    kind: 'user',
    // What an embed principal may do is capped in domain/access.ts; the flag is cleared here as well.
    user: { ...user, isAdmin: false },
    via: 'embed',
    embedCommunities: communities,
    expiresAt: exp * 1000,
    ...(origins ? { embedOrigins: origins } : {}),
    ...(demo ? { demo: true } : {}),
  };
}

/** The `origins` claim as exact origins ("https://intranet.example.com"), or undefined when absent. */
function bindingOrigins(claim: unknown): string[] | undefined {
  if (claim === undefined) return undefined;
  const values = typeof claim === 'string' ? [claim] : claim;
  if (!Array.isArray(values) || values.length === 0 || values.length > 50)
    throw unauthorized(
      'The embed token’s origins claim must list the page origins that may use it.',
    );
  return values.map((value) => {
    const origin = typeof value === 'string' ? canonicalOrigin(value) : null;
    if (!origin)
      throw unauthorized(
        `The embed token’s origins claim holds "${String(value).slice(0, 80)}", which is not an origin such as https://intranet.example.com.`,
      );
    return origin;
  });
}

/** scheme://host[:port] in lower case, or null. */
export function canonicalOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Refuses a request from a page the token is not bound to (checked on every request, remembered or not). */
export function checkEmbedOrigin(principal: UserPrincipal, origin: string | undefined) {
  if (!principal.embedOrigins) return;
  const from = origin ? canonicalOrigin(origin) : null;
  if (from && principal.embedOrigins.includes(from)) return;
  throw unauthorized(
    from
      ? `This embed token may only be used from ${principal.embedOrigins.join(', ')}, not from ${from}.`
      : `This embed token may only be used from ${principal.embedOrigins.join(', ')}; the request named no page origin.`,
  );
}

function describeSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
