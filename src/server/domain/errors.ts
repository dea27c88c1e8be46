/**
 * What the domain refuses, and why: a kind (what went wrong, in the domain's terms), a stable code and a
 * sentence a person can act on. Only the HTTP layer turns a kind into a status code (http/errors.ts).
 */
import type { ApiErrorBody } from '../../core/types';

export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'busy';

/** The body of every refusal the API answers with, from either layer. */
export function errorBody(code: string, message: string, details?: unknown): ApiErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return errorBody(this.code, this.message, this.details);
  }
}

/** The input cannot be used as it is. */
export const badRequest = (code: string, message: string, details?: unknown) =>
  new DomainError('invalid', code, message, details);
/** Nobody is signed in, or the sign-in no longer holds. */
export const unauthorized = (message = 'Sign in first: send "Authorization: Bearer <token>".') =>
  new DomainError('unauthenticated', 'unauthorized', message);
/** The caller is known but may not do this. */
export const forbidden = (message: string) => new DomainError('forbidden', 'forbidden', message);
export const notFound = (what: string) =>
  new DomainError('not_found', 'not_found', `${what} was not found.`);
/** The write would collide with what is stored (a newer version, a taken name). */
export const conflict = (code: string, message: string, details?: unknown) =>
  new DomainError('conflict', code, message, details);

/** Too much of this is happening at once: try again in a moment (429 with Retry-After). */
export const busy = (code: string, message: string) => new DomainError('busy', code, message);

/** Turns zod issues into one readable sentence naming each field. */
export function describeIssues(
  issues: readonly { path: PropertyKey[]; message: string }[],
): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}
