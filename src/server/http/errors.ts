/** Errors that carry an HTTP status, a stable code and a sentence a person can act on. */
import type { ApiErrorBody } from '../../core/types';

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Seconds the client should wait before trying again (sent as `Retry-After`). */
  retryAfter?: number;

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'Sign in first: send "Authorization: Bearer <token>".') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found.`);
/** A refusal to do more for now: 429 with `Retry-After` (seconds), which every such answer carries. */
export function tooManyRequests(retryAfterSeconds: number, code: string, message: string) {
  const error = new AppError(429, code, message);
  error.retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
  return error;
}
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);

/** Turns zod issues into one readable sentence naming each field. */
export function describeIssues(
  issues: readonly { path: PropertyKey[]; message: string }[],
): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}
