/**
 * The check the authorization matrix applies to every successful answer: a real answer must be one its
 * route declares (status, media type, schema), and send no field the schema leaves out.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../helpers/api';
import { contractBreach } from '../helpers/contract';

const reply = (status: number, body: unknown, type = 'application/json'): Reply => ({
  status,
  body,
  headers: new Headers(type ? { 'content-type': type } : {}),
});

describe('the declared answer of a route', () => {
  it('accepts an answer that matches its schema exactly', () => {
    expect(contractBreach('GET /health', reply(200, { ok: true }))).toBeUndefined();
    expect(contractBreach('POST /auth/logout', reply(204, '', ''))).toBeUndefined();
  });

  it('names a field the schema does not declare', () => {
    expect(contractBreach('GET /health', reply(200, { ok: true, uptime: 3 }))).toMatch(/uptime/);
  });

  it('names a field of the wrong type, a status or media type not declared, and an unknown route', () => {
    expect(contractBreach('GET /health', reply(200, { ok: 'yes' }))).toMatch(/ok:/);
    expect(contractBreach('GET /health', reply(201, { ok: true }))).toMatch(/status 201/);
    expect(contractBreach('GET /health', reply(200, 'ok', 'text/plain'))).toMatch(/text\/plain/);
    expect(contractBreach('GET /nowhere', reply(200, {}))).toMatch(/not a declared route/);
  });
});
