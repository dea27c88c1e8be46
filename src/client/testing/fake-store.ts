/**
 * An in-memory stand-in for the store's sync API, served through a fake `fetch`, for unit tests:
 * it skips mutation ids ≤ the client's last one and refuses gaps, like the real store.
 */
import type { CreatePracticeArgs, UpdatePracticeArgs } from '../../core/schemas';
import type {
  Change,
  Community,
  Mutation,
  MutationResult,
  Practice,
  PullResponse,
  PushResponse,
  User,
} from '../../core/types';

export type FailureMode =
  /** The request never reaches the store. */
  | 'request-lost'
  /** The store applies the push, but the answer never reaches the client. */
  | 'response-lost';

export interface FakeStore {
  fetch: typeof fetch;
  /** Every mutation the store applied, in order, as `clientId:id`. */
  applied: string[];
  /** Every push request body the store received. */
  pushes: Array<{ clientId: string; mutations: Mutation[] }>;
  pulls: Array<{ since: number; limit: number }>;
  practices: Map<string, Practice>;
  lastMutationId: Map<string, number>;
  /** Fails the next `count` requests (any route) the given way. */
  fail(mode: FailureMode, count?: number, route?: 'push' | 'pull'): void;
  /** Adds a change made by someone else (another member, a coordinator). */
  serverPut(practice: Practice): void;
  serverDelete(id: string): void;
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token: string | null;
  version: number;
}

const user = { id: 'user-1', name: 'Ada' };

/** The person the client under test is signed in as: the fake store's own user. */
export const signedInUser: User = {
  ...user,
  email: 'ada@example.org',
  isAdmin: false,
  createdAt: 'x',
};

/** A community as the store sends it, closed unless `overrides` says otherwise. */
export function sampleCommunity(slug: string, overrides: Partial<Community> = {}): Community {
  return {
    id: `id-${slug}`,
    slug,
    name: slug,
    domain: `How we do ${slug}`,
    anonymousRead: false,
    open: false,
    reviewIntervalDays: 90,
    routingSeats: 3,
    autoRouting: true,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function samplePractice(overrides: Partial<Practice> = {}): Practice {
  const at = '2025-01-01T00:00:00.000Z';
  return {
    id: 'practice-0001',
    community: 'support',
    title: 'A practice',
    body: '',
    kind: 'method',
    tags: [],
    source: null,
    status: 'published',
    featured: false,
    version: 1,
    author: 'user-2',
    authorName: 'Grace',
    endorsements: 0,
    createdAt: at,
    updatedAt: at,
    owner: 'user-2',
    verifiedAt: null,
    reviewDueAt: '2025-04-01T00:00:00.000Z',
    due: false,
    helpedCount: 0,
    ...overrides,
  };
}

export function createFakeStore(): FakeStore {
  const log: Change[] = [];
  const failures: Array<{ mode: FailureMode; route?: 'push' | 'pull' }> = [];

  const store: FakeStore = {
    applied: [],
    pushes: [],
    pulls: [],
    practices: new Map(),
    lastMutationId: new Map(),
    token: 'secret',
    version: 0,
    fail(mode, count = 1, route) {
      for (let i = 0; i < count; i++) failures.push({ mode, route });
    },
    serverPut(practice) {
      store.practices.set(practice.id, practice);
      log.push({
        entity: 'practice',
        id: practice.id,
        op: 'put',
        version: ++store.version,
        data: practice,
      });
    },
    serverDelete(id) {
      store.practices.delete(id);
      log.push({ entity: 'practice', id, op: 'delete', version: ++store.version });
    },
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const route = url.pathname.endsWith('/push')
        ? 'push'
        : url.pathname.endsWith('/pull')
          ? 'pull'
          : undefined;
      const failure =
        failures[0] && (!failures[0].route || failures[0].route === route)
          ? failures.shift()
          : undefined;
      if (failure?.mode === 'request-lost') throw new TypeError('fetch failed');

      const headers = new Headers(init?.headers);
      if (store.token && headers.get('authorization') !== `Bearer ${store.token}`) {
        return json(401, { error: { code: 'unauthorized', message: 'Sign in.' } });
      }
      let response: Response;
      if (route === 'push') response = push(JSON.parse(String(init?.body)));
      else if (route === 'pull') response = pull(url.searchParams);
      else response = json(404, { error: { code: 'not_found', message: 'No such route.' } });
      if (failure?.mode === 'response-lost') throw new TypeError('network connection lost');
      return response;
    },
  };

  function push(body: { clientId: string; mutations: Mutation[] }): Response {
    store.pushes.push(structuredClone(body));
    const last = store.lastMutationId.get(body.clientId) ?? 0;
    const first = body.mutations[0];
    if (first && first.id > last + 1) {
      return json(409, {
        error: {
          code: 'mutation_gap',
          message: 'Mutation ids must not skip.',
          details: { expected: last + 1 },
        },
      });
    }
    const results: MutationResult[] = [];
    let current = last;
    for (const m of body.mutations) {
      if (m.id <= current) {
        results.push({ id: m.id, status: 'skipped' });
        continue;
      }
      current = m.id;
      results.push(apply(body.clientId, m));
    }
    store.lastMutationId.set(body.clientId, current);
    const response: PushResponse = { results, lastMutationId: current, version: store.version };
    return json(200, response);
  }

  function apply(clientId: string, m: Mutation): MutationResult {
    if (m.name === 'createPractice') {
      const a = m.args as CreatePracticeArgs;
      if (!a.title?.trim()) {
        return {
          id: m.id,
          status: 'rejected',
          error: { code: 'invalid', message: 'title: must not be empty' },
        };
      }
      store.applied.push(`${clientId}:${m.id}`);
      const at = new Date().toISOString();
      store.serverPut(
        samplePractice({
          id: a.id,
          community: a.community,
          title: a.title,
          body: a.body ?? '',
          tags: a.tags ?? [],
          status: 'captured',
          author: user.id,
          authorName: user.name,
          createdAt: at,
          updatedAt: at,
        }),
      );
      return { id: m.id, status: 'applied' };
    }
    if (m.name === 'updatePractice') {
      const a = m.args as UpdatePracticeArgs;
      const current = store.practices.get(a.id);
      if (!current) {
        return {
          id: m.id,
          status: 'rejected',
          error: { code: 'not_found', message: 'No such practice.' },
        };
      }
      if (current.version !== a.baseVersion) {
        store.applied.push(`${clientId}:${m.id}`);
        return {
          id: m.id,
          status: 'conflict',
          conflictId: `conflict-${m.id}`,
          message: 'Edited meanwhile.',
        };
      }
      store.applied.push(`${clientId}:${m.id}`);
      store.serverPut({ ...current, ...a.patch, version: current.version + 1 });
      return { id: m.id, status: 'applied' };
    }
    store.applied.push(`${clientId}:${m.id}`);
    return { id: m.id, status: 'applied' };
  }

  function pull(params: URLSearchParams): Response {
    const since = Number(params.get('since') ?? 0);
    const limit = Number(params.get('limit') ?? 500);
    const clientId = params.get('clientId') ?? '';
    store.pulls.push({ since, limit });
    // Only the newest change per row, like a store that keeps current rows with their version.
    const newest = new Map<string, Change>();
    for (const c of log) if (c.version > since) newest.set(`${c.entity}:${c.id}`, c);
    const all = [...newest.values()].sort((a, b) => a.version - b.version);
    const page = all.slice(0, limit);
    const response: PullResponse = {
      changes: page,
      cursor:
        page.length > 0
          ? (page[page.length - 1] as Change).version
          : Math.max(since, store.version),
      hasMore: all.length > limit,
      lastMutationId: store.lastMutationId.get(clientId) ?? 0,
    };
    return json(200, response);
  }

  return store;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
