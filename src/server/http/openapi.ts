/**
 * How a route declares what it reads and answers in /openapi.json: one helper for a JSON body, one
 * for a JSON answer, and the error answers every API route can give.
 */
import type { z } from '@hono/zod-openapi';
import { ErrorAnswer } from '../../core/responses';

/** A required JSON request body validated by `schema`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true as const,
});

/** A JSON answer shaped by `schema`. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** `{"error": {"code", "message"}}`, the body of every 4xx answer. */
export const ErrorBody = jsonContent(ErrorAnswer, 'Error');

/** The refusals any API route may answer: bad input, not signed in, not allowed, not found, conflict. */
export const errorResponses = {
  400: jsonContent(
    ErrorAnswer,
    'Bad input. A question, answer or practice whose text carries a private key or token answers `secret_detected`, naming what to remove.',
  ),
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};
