import { describe, expect, it } from 'vitest';
import { badRequest, conflict, forbidden, notFound, unauthorized } from '../domain/errors';
import { AppError, httpRefusal } from './errors';

describe('the HTTP answer to a refusal', () => {
  it('gives each kind of domain refusal its status and keeps its code, sentence and details', () => {
    expect(httpRefusal(badRequest('secret_detected', 'Remove the key.', { at: 3 }))).toEqual({
      status: 400,
      body: { error: { code: 'secret_detected', message: 'Remove the key.', details: { at: 3 } } },
    });
    expect(httpRefusal(unauthorized())?.status).toBe(401);
    expect(httpRefusal(forbidden('Coordinators only.'))?.status).toBe(403);
    expect(httpRefusal(notFound('The practice'))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'The practice was not found.' } },
    });
    expect(httpRefusal(conflict('version_conflict', 'Changed meanwhile.'))?.status).toBe(409);
  });

  it('keeps the HTTP layer’s own errors and leaves every other error to the 500 path', () => {
    expect(httpRefusal(new AppError(413, 'body_too_large', 'Too large.'))?.status).toBe(413);
    expect(httpRefusal(new Error('boom'))).toBeUndefined();
  });
});
