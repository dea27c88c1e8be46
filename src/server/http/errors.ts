/**
 * Errors of the HTTP layer itself (a body too large, a rate limit, a full disk), and the one place that
 * maps the domain's refusals to status codes.
 */
import type { ApiErrorBody } from '../../core/types';
import { DomainError, type DomainErrorKind, errorBody } from '../domain/errors';

// Routes and middleware raise the domain's refusals too; they are re-exported here for them.
export {
  badRequest,
  conflict,
  DomainError,
  describeIssues,
  forbidden,
  notFound,
  unauthorized,
} from '../domain/errors';

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
    return errorBody(this.code, this.message, this.details);
  }
}

/** A refusal to do more for now: 429 with `Retry-After` (seconds), which every such answer carries. */
export function tooManyRequests(retryAfterSeconds: number, code: string, message: string) {
  const error = new AppError(429, code, message);
  error.retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
  return error;
}

/** The status code each kind of domain refusal answers with. */
export const STATUS_OF_KIND = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  busy: 429,
} as const satisfies Record<DomainErrorKind, number>;

/** The status and body to answer for a refusal from either layer; nothing for any other error. */
export function httpRefusal(
  error: unknown,
): { status: AppError['status']; body: ApiErrorBody } | undefined {
  if (error instanceof AppError) return { status: error.status, body: error.toBody() };
  if (error instanceof DomainError)
    return { status: STATUS_OF_KIND[error.kind], body: error.toBody() };
  return undefined;
}
