import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  createApi,
  describeError,
  isTransient,
  UNAUTHORIZED_MESSAGE,
  UNREACHABLE_MESSAGE,
} from './api';

type Call = { url: URL; init: RequestInit; headers: Headers; body: unknown };

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call = {
      url: new URL(String(input)),
      init,
      headers: new Headers(init.headers),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    return respond(call);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('createApi', () => {
  it('sends the bearer token and builds query strings without empty values', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { items: [{ id: 'p1' }] }));
    const api = createApi({ baseUrl: 'https://store.example/', getToken: () => 'tok', fetch });

    const items = await api.practices({
      q: 'incident review',
      community: 'support',
      tag: undefined,
      limit: 5,
    });

    expect(items).toEqual([{ id: 'p1' }]);
    const [call] = calls;
    expect(call?.url.origin + (call?.url.pathname ?? '')).toBe(
      'https://store.example/api/v1/practices',
    );
    expect(Object.fromEntries(call?.url.searchParams ?? [])).toEqual({
      q: 'incident review',
      community: 'support',
      limit: '5',
    });
    expect(call?.headers.get('authorization')).toBe('Bearer tok');
  });

  it('asks for the token on every call, so a new sign-in applies at once', async () => {
    let token = 'first';
    const { fetch, calls } = fakeFetch(() => json(200, { user: {}, memberships: [] }));
    const api = createApi({ baseUrl: 'http://s', getToken: async () => token, fetch });
    await api.me();
    token = 'second';
    await api.me();
    expect(calls.map((c) => c.headers.get('authorization'))).toEqual([
      'Bearer first',
      'Bearer second',
    ]);
  });

  it('pushes only the wire fields of mutations and pulls with since, clientId and limit', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.url.pathname.endsWith('push')
        ? json(200, { results: [{ id: 1, status: 'applied' }], lastMutationId: 1, version: 3 })
        : json(200, { changes: [], cursor: 3, hasMore: false, lastMutationId: 1 }),
    );
    const api = createApi({ baseUrl: 'http://s', getToken: () => 't', fetch });
    const pending = {
      id: 1,
      name: 'endorsePractice' as const,
      args: { practiceId: 'p' },
      queuedAt: 'x',
      touches: [],
    };
    const pushed = await api.push('client-123', [pending]);
    const pulled = await api.pull(0, 'client-123', 50);

    expect(pushed.lastMutationId).toBe(1);
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.body).toEqual({
      clientId: 'client-123',
      mutations: [{ id: 1, name: 'endorsePractice', args: { practiceId: 'p' } }],
    });
    expect(pulled.cursor).toBe(3);
    expect(calls[1]?.url.search).toBe('?since=0&clientId=client-123&limit=50');
  });

  it('turns the store error body into an ApiError with status, code, message and details', async () => {
    const { fetch } = fakeFetch(() =>
      json(409, {
        error: { code: 'mutation_gap', message: 'Expected 4.', details: { expected: 4 } },
      }),
    );
    const api = createApi({ baseUrl: 'http://s', getToken: () => 't', fetch });
    const error = await api
      .push('client-123', [{ id: 9, name: 'acceptAnswer', args: {} }])
      .catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'mutation_gap',
      message: 'Expected 4.',
      details: { expected: 4 },
    });
  });

  it('reports 401 as unauthorized and a network failure as unreachable (status 0)', async () => {
    const unauthorized = createApi({
      baseUrl: 'http://s',
      getToken: () => 'expired',
      fetch: fakeFetch(() => json(401, { error: { code: 'token_expired', message: 'x' } })).fetch,
    });
    await expect(unauthorized.communities()).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
    });

    const offline = createApi({
      baseUrl: 'http://s',
      getToken: () => 't',
      fetch: fakeFetch(() => {
        throw new TypeError('Failed to fetch');
      }).fetch,
    });
    const error = await offline.communities().catch((e) => e);
    expect(error).toMatchObject({ status: 0, code: 'unreachable', message: UNREACHABLE_MESSAGE });
    expect(isTransient(error)).toBe(true);
  });

  it('fails as unauthorized without a network call when nobody is signed in, but logs in without a token', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { token: 'new', user: { id: 'u' } }));
    const api = createApi({ baseUrl: 'http://s', getToken: () => null, fetch });
    await expect(api.questions({ mine: true })).rejects.toMatchObject({ code: 'unauthorized' });
    expect(calls).toHaveLength(0);

    const session = await api.login('ada@example.org', 'pw');
    expect(session.token).toBe('new');
    expect(calls[0]?.headers.has('authorization')).toBe(false);
    expect(calls[0]?.body).toEqual({ email: 'ada@example.org', password: 'pw' });
  });

  it('sends an Idempotency-Key with REST writes and unwraps the created entity', async () => {
    const { fetch, calls } = fakeFetch(() => json(201, { answer: { id: 'a1', body: 'Yes' } }));
    const api = createApi({ baseUrl: 'http://s', getToken: () => 't', fetch });
    const answer = await api.postAnswer('q 1', { id: 'a1', body: 'Yes' }, 'key-1');
    expect(answer).toEqual({ id: 'a1', body: 'Yes' });
    expect(calls[0]?.url.pathname).toBe('/api/v1/questions/q%201/answers');
    expect(calls[0]?.headers.get('idempotency-key')).toBe('key-1');
    expect(calls[0]?.body).toEqual({ id: 'a1', body: 'Yes', questionId: 'q 1' });
  });

  it('gives up on a store that does not answer and reports it unreachable', async () => {
    const fetch = ((_: unknown, init?: RequestInit) =>
      new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      })) as typeof globalThis.fetch;
    const api = createApi({ baseUrl: 'http://s', getToken: () => 't', fetch, timeoutMs: 20 });
    await expect(api.health()).rejects.toMatchObject({ code: 'unreachable', status: 0 });
  });

  it('keeps the store’s own sentence for a refused token, and explains an unexplained 401', async () => {
    const message = 'The embed token has expired. Reload the page to get a new one.';
    const explained = createApi({
      baseUrl: 'http://s',
      getToken: () => 'expired',
      fetch: fakeFetch(() => json(401, { error: { code: 'unauthorized', message } })).fetch,
    });
    await expect(explained.me()).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
      message,
    });

    const bare = createApi({
      baseUrl: 'http://s',
      getToken: () => 'revoked',
      fetch: fakeFetch(() => new Response('Unauthorized', { status: 401 })).fetch,
    });
    await expect(bare.me()).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
      message: UNAUTHORIZED_MESSAGE,
    });
  });

  it('reports an OK answer cut off mid-body as unreachable, not as an empty success', async () => {
    // The status line and headers arrived, then the connection dropped while the body streamed.
    const cutOff = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"results":[{"id":1,'));
            controller.error(new TypeError('network error'));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const api = createApi({
      baseUrl: 'http://s',
      getToken: () => 't',
      fetch: fakeFetch(cutOff).fetch,
    });
    const error = await api
      .push('client-123', [{ id: 1, name: 'endorsePractice', args: {} }])
      .catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'unreachable', message: UNREACHABLE_MESSAGE });
    expect(isTransient(error)).toBe(true);

    // A body that arrived whole but truncated (the proxy closed it cleanly) is no answer either.
    const truncated = createApi({
      baseUrl: 'http://s',
      getToken: () => 't',
      fetch: fakeFetch(() => new Response('{"changes":[', { status: 200 })).fetch,
    });
    await expect(truncated.pull(0, 'client-123')).rejects.toMatchObject({
      status: 0,
      code: 'unreachable',
    });

    // An empty success (e.g. 204 after a revoke) is still a success.
    const empty = createApi({
      baseUrl: 'http://s',
      getToken: () => 't',
      fetch: fakeFetch(() => new Response(null, { status: 204 })).fetch,
    });
    await expect(empty.request('/api/v1/tokens/x', { method: 'POST' })).resolves.toBeUndefined();
  });

  it('names a non-JSON server failure as server_error', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const api = createApi({ baseUrl: 'http://s', getToken: () => 't', fetch });
    const error = await api.experts({ topic: 'kubernetes' }).catch((e) => e);
    expect(error).toMatchObject({ status: 502, code: 'server_error' });
    expect(isTransient(error)).toBe(true);
  });
});

describe('raw requests (downloads)', () => {
  it('answer the body as text, and still parse a refusal into an ApiError', async () => {
    const csv = 'title\n"a, b"\n';
    const { fetch, calls } = fakeFetch((call) =>
      call.url.pathname.endsWith('/export')
        ? new Response(csv, { status: 200, headers: { 'content-type': 'text/csv' } })
        : json(403, { error: { code: 'forbidden', message: 'Coordinators only.' } }),
    );
    const api = createApi({ baseUrl: 'https://store.example', getToken: () => 'tok', fetch });

    expect(await api.request<string>('/api/v1/communities/x/export', { raw: true })).toBe(csv);
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer tok');
    const refused = await api
      .request('/api/v1/communities/x/other', { raw: true, method: 'DELETE' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({
      status: 403,
      code: 'forbidden',
      message: 'Coordinators only.',
    });
    expect(calls[1]?.init.method).toBe('DELETE');
  });
});

describe('describeError', () => {
  it('shows the store’s sentence, ours for an unreachable store, and a fallback for the rest', () => {
    expect(describeError(new ApiError(409, 'edit_conflict', 'Someone changed it.'))).toBe(
      'Someone changed it.',
    );
    expect(describeError(new ApiError(0, 'unreachable', UNREACHABLE_MESSAGE))).toBe(
      UNREACHABLE_MESSAGE,
    );
    expect(
      describeError(new ApiError(0, 'unreachable', UNREACHABLE_MESSAGE), 'https://s.test'),
    ).toMatch(/^The store at https:\/\/s\.test cannot be reached/);
    expect(describeError(new Error(''))).toBe('Something went wrong.');
    expect(describeError('Plain words.')).toBe('Plain words.');
    expect(describeError({ weird: true })).toBe('Something went wrong.');
  });
});
