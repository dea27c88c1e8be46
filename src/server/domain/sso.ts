/**
 * Single sign-on in the store's terms: where a finished sign-in may return, the flows in flight, the
 * one-time codes that hand a sign-in to its client, and who an OpenID Provider's subject is here.
 * A person is bound to (issuer, subject) at their first sign-in and never matched by email.
 */
import { randomBytes } from 'node:crypto';
import type { User } from '../../core/types';
import type { OidcConfig } from '../config';
import { type Db, nowIso } from '../context';
import { recordAudit } from './audit';
import { createUser, hashToken, userFromRow } from './users';

/** The ID token claims the store uses. */
export interface IdentityClaims {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean | undefined;
  name: string | null;
}

/** What the callback checks the provider's answer against (kept since the start of the flow). */
export interface FlowChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A sign-in the provider or the checks refused; the message is for the person, the code for clients. */
export class SignInRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** How long a person has at their provider before the flow is forgotten. */
const FLOW_MINUTES = 10;
/** How long a client has to exchange the one-time code it was handed. */
const HANDOFF_SECONDS = 120;

/** Chrome's `identity.getRedirectURL()` (any Chromium browser) and Firefox's. */
const EXTENSION_REDIRECT = [
  /^https:\/\/[a-p]{32}\.chromiumapp\.org\//,
  /^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\//,
];

/**
 * Where a finished sign-in may go: the store's own console (the default) or an extension's redirect URL.
 * Anything else is refused (null), so the store never hands a code to a site that asked for one.
 */
export function returnTarget(requested: string | undefined, storeOrigin: string): string | null {
  if (requested === undefined || requested === '') return `${storeOrigin}/console`;
  let url: URL;
  try {
    url = new URL(requested, storeOrigin);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.origin === storeOrigin && /^\/console(\/|$)/.test(url.pathname))
    return `${url.origin}${url.pathname}`;
  const bare = `${url.origin}${url.pathname}`;
  return EXTENSION_REDIRECT.some((pattern) => pattern.test(bare)) ? bare : null;
}

/** Adds the outcome to the return target's fragment: a fragment never reaches a server or a Referer. */
export function withOutcome(target: string, outcome: Record<string, string>): string {
  return `${target}#${new URLSearchParams(outcome).toString()}`;
}

export async function beginFlow(db: Db, checks: FlowChecks, returnTo: string): Promise<void> {
  const now = new Date();
  // Flows nobody finished are cleared as new ones start.
  await db.deleteFrom('oidc_flows').where('expires_at', '<', now.toISOString()).execute();
  await db
    .insertInto('oidc_flows')
    .values({
      state: checks.state,
      nonce: checks.nonce,
      code_verifier: checks.codeVerifier,
      return_to: returnTo,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + FLOW_MINUTES * 60_000).toISOString(),
    })
    .execute();
}

/** Takes a flow by its state, once: a second callback with the same state finds nothing. */
export async function takeFlow(
  db: Db,
  state: string,
): Promise<(FlowChecks & { returnTo: string }) | null> {
  const row = await db
    .deleteFrom('oidc_flows')
    .where('state', '=', state)
    .returningAll()
    .executeTakeFirst();
  if (!row || row.expires_at < nowIso()) return null;
  return {
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    returnTo: row.return_to,
  };
}

/** Who may sign in (COP_OIDC_ALLOWED_DOMAINS, COP_OIDC_REQUIRE_VERIFIED_EMAIL); throws SignInRefused. */
function admit(claims: IdentityClaims, policy: OidcConfig): string {
  if (!claims.email || !/^[^@\s\p{Cc}]+@[^@\s\p{Cc}]+$/u.test(claims.email))
    throw new SignInRefused(
      'sso_email_missing',
      'Your organisation did not share your email address with CoP Kit. Ask your administrator to release the "email" claim to this application.',
    );
  const email = claims.email.toLowerCase();
  if (policy.requireVerifiedEmail && claims.emailVerified !== true)
    throw new SignInRefused(
      'sso_email_unverified',
      `Your organisation has not verified the email address ${email}, and this store only admits verified addresses.`,
    );
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (policy.allowedDomains.length > 0 && !policy.allowedDomains.includes(domain))
    throw new SignInRefused(
      'sso_domain_not_allowed',
      `This store admits people from ${policy.allowedDomains.join(', ')}; ${email} is not one of them.`,
    );
  return email;
}

/**
 * The person behind a verified ID token: the account bound to its (issuer, subject), or a new one made
 * from its claims. An existing account with the same email is never taken over.
 */
export async function personFor(db: Db, claims: IdentityClaims, policy: OidcConfig): Promise<User> {
  const email = admit(claims, policy);
  const bound = await db
    .selectFrom('oidc_identities as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .selectAll('u')
    .where('i.issuer', '=', claims.issuer)
    .where('i.subject', '=', claims.subject)
    .executeTakeFirst();
  if (bound) {
    if (bound.disabled_at)
      throw new SignInRefused(
        'account_disabled',
        'Your CoP Kit account has been disabled. Ask an administrator of the store if this is a mistake.',
      );
    await db
      .updateTable('oidc_identities')
      .set({ last_sign_in_at: nowIso() })
      .where('issuer', '=', claims.issuer)
      .where('subject', '=', claims.subject)
      .execute();
    return userFromRow(bound);
  }
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (taken)
    throw new SignInRefused(
      'sso_email_taken',
      `An account with the email ${email} already exists in this store and is not linked to your organisation's sign-in, so it was not used. Sign in as before, or ask an administrator of the store.`,
    );
  const user = await createUser(db, { email, name: (claims.name ?? email).slice(0, 120) });
  const now = nowIso();
  await db
    .insertInto('oidc_identities')
    .values({
      issuer: claims.issuer,
      subject: claims.subject,
      user_id: user.id,
      created_at: now,
      last_sign_in_at: now,
    })
    .execute();
  await recordAudit(db, user.id, null, 'account.created', 'user', user.id, undefined, {
    email,
    via: 'sso',
    issuer: claims.issuer,
  });
  return user;
}

/** A one-time code for a finished sign-in; only its hash is kept. */
export async function issueHandoff(db: Db, userId: string): Promise<string> {
  const code = `cop_sso_${randomBytes(32).toString('base64url')}`;
  const now = new Date();
  await db.deleteFrom('oidc_handoffs').where('expires_at', '<', now.toISOString()).execute();
  await db
    .insertInto('oidc_handoffs')
    .values({
      code_hash: hashToken(code),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + HANDOFF_SECONDS * 1000).toISOString(),
    })
    .execute();
  return code;
}

/** The person a one-time code was issued for, once; null when it is unknown, used or expired. */
export async function redeemHandoff(db: Db, code: string): Promise<string | null> {
  const row = await db
    .deleteFrom('oidc_handoffs')
    .where('code_hash', '=', hashToken(code))
    .returningAll()
    .executeTakeFirst();
  return row && row.expires_at >= nowIso() ? row.user_id : null;
}
