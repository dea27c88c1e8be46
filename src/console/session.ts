/**
 * Who is signed in to the console and which communities they coordinate. The token lives in this tab's
 * sessionStorage (token-store.ts), so a reload keeps the coordinator signed in and closing the tab ends it.
 */
import { signal } from '@preact/signals';
import { ApiError } from '../client/api';
import { ssoOutcome } from '../core/sso-return';
import type { Community, Membership, User } from '../core/types';
import { api, tokenStore } from './connection';

export interface Session {
  user: User;
  memberships: Membership[];
  /** Communities the person reads (all of them for an admin). */
  communities: Community[];
  /** Slugs of the communities the person may curate. */
  coordinates: string[];
}

export type SessionState =
  | { kind: 'loading' }
  | { kind: 'signed-out'; message?: string }
  | { kind: 'signed-in'; session: Session };

export const sessionState = signal<SessionState>({ kind: 'loading' });

/** Coordinators curate their communities; admins curate every community. */
export function coordinatedSlugs(
  user: User,
  memberships: Membership[],
  communities: Community[],
): string[] {
  if (user.isAdmin) return communities.map((c) => c.slug);
  return memberships.filter((m) => m.role === 'coordinator').map((m) => m.community);
}

/** Whether the person sees the overview: an admin, or a sponsor of some community. */
export const sponsors = (session: Session) =>
  session.user.isAdmin || session.memberships.some((m) => m.role === 'sponsor');

/** The state of `user` signed in, with the communities they may curate worked out. */
export function signedIn(
  user: User,
  memberships: Membership[],
  communities: Community[],
): SessionState {
  return {
    kind: 'signed-in',
    session: {
      user,
      memberships,
      communities,
      coordinates: coordinatedSlugs(user, memberships, communities),
    },
  };
}

/** Loads the person behind the stored token; a revoked token signs out with a sentence saying so. */
export async function loadSession(): Promise<void> {
  if (!tokenStore.read()) {
    sessionState.value = { kind: 'signed-out' };
    return;
  }
  try {
    const { user, memberships } = await api.shared.me();
    sessionState.value = signedIn(user, memberships, await api.shared.communities());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) tokenStore.clear();
    sessionState.value = {
      kind: 'signed-out',
      message:
        error instanceof ApiError && error.status === 401
          ? 'Your sign-in has expired or was revoked. Sign in again.'
          : error instanceof Error
            ? error.message
            : String(error),
    };
  }
}

/**
 * Opens the console: a single sign-on the store just returned from (a one-time code in the address,
 * exchanged for a token and then removed from the address), else the stored token.
 */
export async function openSession(place: Location = location): Promise<void> {
  const outcome = ssoOutcome(place.hash);
  if (outcome) {
    history.replaceState(null, '', `${place.pathname}${place.search}`);
    if ('error' in outcome) {
      sessionState.value = { kind: 'signed-out', message: outcome.message };
      return;
    }
    try {
      const { token } = await api.shared.exchangeSsoCode(outcome.code);
      tokenStore.write(token);
    } catch (error) {
      sessionState.value = {
        kind: 'signed-out',
        message: error instanceof Error ? error.message : String(error),
      };
      return;
    }
  }
  await loadSession();
}

export async function signInWithPassword(email: string, password: string): Promise<void> {
  const { token } = await api.shared.login(email, password);
  tokenStore.write(token);
  await loadSession();
}

export async function signInWithToken(token: string): Promise<void> {
  tokenStore.write(token.trim());
  await loadSession();
}

/** Signs out here and at the store: the token is revoked, so a copy of it is useless too. */
export async function signOut(): Promise<void> {
  if (tokenStore.read()) {
    try {
      await api.shared.logout();
    } catch {
      // Already revoked, expired, or the store is unreachable: signing out here still ends it for this browser.
    }
  }
  tokenStore.clear();
  sessionState.value = { kind: 'signed-out' };
}
