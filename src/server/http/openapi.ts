/**
 * How a route declares what it reads and answers in /openapi.json: a JSON body, a JSON answer, the
 * answers that are not JSON (no content, an event stream, a redirect, a file), and the error answers
 * every API route can give. Every route declares its success answer with one of these.
 */
import { z } from '@hono/zod-openapi';
import { ErrorAnswer } from '../../core/responses';

/** A JSON request body validated by `schema` (optional when `required` is false). */
export const jsonBody = <T extends z.ZodType, R extends boolean = true>(
  schema: T,
  required: R = true as R,
) => ({ content: { 'application/json': { schema } }, required });

/** A JSON answer shaped by `schema`. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** An answer without a body (204). */
export const noContent = (description: string) => ({ description });

/** A Server-Sent Events stream (`text/event-stream`); `frames` says which events it sends. */
export const eventStream = (description: string, frames: string) => ({
  description,
  content: { 'text/event-stream': { schema: z.string().meta({ description: frames }) } },
});

/** A redirect (302) to the URL in `Location`. */
export const redirect = (description: string) => ({
  description,
  headers: z.object({ Location: z.string().meta({ description: 'Where to go next' }) }),
});

/** A file to download, in any of `types`; `json` describes the JSON variant when there is one. */
export const download = (description: string, types: string[], json?: z.ZodType) => ({
  description,
  headers: z.object({
    'Content-Disposition': z.string().meta({ example: 'attachment; filename="x.csv"' }),
  }),
  content: Object.fromEntries(
    types.map((type) => [
      type,
      { schema: type === 'application/json' && json ? json : z.string() },
    ]),
  ),
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
