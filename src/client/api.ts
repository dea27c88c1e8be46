/**
 * Typed calls to the store's HTTP API. Every failure becomes an `ApiError` with a code and a
 * sentence a person can read, so the UI never has to interpret fetch or HTTP details.
 */
import type { DirectoryEntry, JoinRequest, Notification } from '../core/accounts';
import type { ExpertiseUpdate, MyExpertise } from '../core/question-loop';
import type { MutationArgsOf } from '../core/schemas';
import type { SignedIn, SignInOptions } from '../core/sign-in';
import type { HelpedHow } from '../core/stewardship';
import type {
  Answer,
  ApiErrorBody,
  Community,
  ExpertHit,
  Membership,
  Mutation,
  Practice,
  PracticeQuery,
  PullResponse,
  PushResponse,
  Question,
  QuestionStatus,
  SearchHit,
  User,
} from '../core/types';

/** Sentences for failures the store cannot describe itself. */
export const UNREACHABLE_MESSAGE =
  'The store is unreachable; your work is kept and will be sent when it is back.';
export const UNAUTHORIZED_MESSAGE =
  'Your sign-in has expired or was revoked. Sign in again; your work is kept.';
export const SIGNED_OUT_MESSAGE = 'You are not signed in. Sign in to share your work.';

/** A failed API call. `status` 0 means the store could not be reached at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * The sentence to show a person for any failure: the store's own, or ours when it was not reached.
 * `store` names the store in that sentence (the widgets run on pages far from their store).
 */
export function describeError(error: unknown, store?: string): string {
  if (error instanceof ApiError && error.status === 0 && store)
    return `The store at ${store} cannot be reached: you may be offline, or this site is not among the store's allowed origins.`;
  if (error instanceof Error) return error.message || 'Something went wrong.';
  return typeof error === 'string' && error ? error : 'Something went wrong.';
}

/** True for failures that go away by themselves (network, timeouts, overload), worth retrying. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

export interface ApiOptions {
  /** The store's origin, e.g. `https://cop.example.org` (a trailing slash is fine). */
  baseUrl: string;
  /** Returns the current API or embed token; nothing means signed out. */
  getToken: TokenSource;
  fetch?: typeof fetch;
  /** A request with no answer after this long counts as unreachable. */
  timeoutMs?: number;
}

export type { PracticeQuery };

/** A practice from a listing; `score` and `highlight` are there when the query had `q`. */
export type PracticeListItem = Practice & Partial<Pick<SearchHit, 'score' | 'highlight'>>;

export interface ExpertQuery {
  topic?: string;
  community?: string;
  limit?: number;
}

export interface QuestionQuery {
  community?: string;
  status?: QuestionStatus;
  /** Only questions the signed-in person asked. */
  mine?: boolean;
  /** Only questions routed to the signed-in person. */
  routed?: boolean;
  /** `me`: the questions routed to the signed-in person (as `routed`). */
  for?: 'me';
  /** Words of the question: answered questions ranked by relevance. */
  q?: string;
  limit?: number;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** False for the few calls that work without a token. */
  auth?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Answer the body as text instead of parsing JSON (downloads); failures are parsed as usual. */
  raw?: boolean;
}

export type Api = ReturnType<typeof createApi>;

/** Builds the API client. `getToken` is asked before every call, so a new sign-in takes effect at once. */
export function createApi(options: ApiOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;

  /** Resolves the Authorization header, or throws `unauthorized` without touching the network. */
  async function authHeaders(required: boolean): Promise<Record<string, string>> {
    let token: string | null | undefined;
    try {
      token = await options.getToken();
    } catch {
      token = null;
    }
    if (token) return { authorization: `Bearer ${token}` };
    if (required) throw new ApiError(401, 'unauthorized', SIGNED_OUT_MESSAGE);
    return {};
  }

  function url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null || value === '' || value === false) continue;
      params.set(key, String(value));
    }
    const qs = params.toString();
    return `${baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      accept: opts.raw ? '*/*' : 'application/json',
      ...(await authHeaders(opts.auth !== false)),
      ...opts.headers,
    };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = opts.signal ? anySignal([opts.signal, timeout.signal]) : timeout.signal;
    let response: Response;
    try {
      response = await doFetch(url(path, opts.query), {
        method: opts.method ?? 'GET',
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal,
      });
    } catch (cause) {
      clearTimeout(timer);
      if (opts.signal?.aborted) throw cause;
      throw new ApiError(0, 'unreachable', UNREACHABLE_MESSAGE, { cause: String(cause) });
    }

    let payload: unknown;
    let unreadable: unknown;
    try {
      const text = await response.text();
      payload = opts.raw && response.ok ? text : text ? JSON.parse(text) : undefined;
    } catch (cause) {
      unreadable = cause ?? 'unreadable body';
    } finally {
      clearTimeout(timer);
    }
    if (response.ok) {
      // A success whose body was cut off or garbled carries no answer: the store was, in effect,
      // unreachable, and callers must not go on with `undefined` as if it had replied.
      if (unreadable !== undefined) {
        if (opts.signal?.aborted) throw unreadable;
        throw new ApiError(0, 'unreachable', UNREACHABLE_MESSAGE, { cause: String(unreadable) });
      }
      return payload as T;
    }
    throw toApiError(response.status, payload);
  }

  /** POSTs a new `key` once, however often it is retried (the idempotency key), and answers it. */
  const create = async <T>(path: string, body: unknown, key: string, idempotencyKey: string) =>
    unwrap<T>(
      await request(path, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
      key,
    );

  return {
    baseUrl,
    getToken: options.getToken,
    fetch: doFetch,
    /** Low-level escape hatch for routes without a method here. */
    request,
    health: () => request<{ ok: boolean }>('/api/v1/health', { auth: false }),
    login: (email: string, password: string) =>
      request<{ token: string; user: User }>('/api/v1/auth/login', {
        method: 'POST',
        body: { email, password },
        auth: false,
      }),
    me: () =>
      request<{ user: User; memberships: Membership[]; notifications?: Notification[] }>(
        '/api/v1/me',
      ),
    /** Revokes the token this client signed in with; the store refuses it from the next request. */
    logout: () => request<void>('/api/v1/auth/logout', { method: 'POST' }),
    /** How this store lets people sign in (public). */
    signInOptions: () => request<SignInOptions>('/api/v1/auth/config', { auth: false }),
    /** Trades the one-time code a single sign-on returned with for an API token. */
    exchangeSsoCode: (code: string) =>
      request<SignedIn>('/api/v1/auth/oidc/exchange', {
        method: 'POST',
        body: { code },
        auth: false,
      }),
    communities: async () => (await request<{ items: Community[] }>('/api/v1/communities')).items,
    /** The directory: every community, with where the caller stands in it. */
    directory: async () =>
      (
        await request<{ items: DirectoryEntry[] }>('/api/v1/communities', {
          query: { scope: 'all' },
        })
      ).items,
    /** Joins an open community (`membership`), or asks to join a closed one (`request`). */
    join: (slug: string) =>
      request<{ membership?: Membership; request?: JoinRequest }>(
        `/api/v1/communities/${encodeURIComponent(slug)}/join`,
        { method: 'POST' },
      ),
    leave: (slug: string) =>
      request<{ left: boolean; withdrawn: boolean }>(
        `/api/v1/communities/${encodeURIComponent(slug)}/leave`,
        { method: 'POST' },
      ),
    /** Sends a batch of mutations; a gap in ids fails with code `mutation_gap` (details.expected). */
    push: (clientId: string, mutations: Mutation[]) =>
      request<PushResponse>('/api/v1/sync/push', {
        method: 'POST',
        body: {
          clientId,
          // Only the wire fields: outbox entries carry local bookkeeping too.
          mutations: mutations.map(({ id, name, args }) => ({ id, name, args })),
        },
      }),
    pull: (since: number, clientId: string, limit?: number) =>
      request<PullResponse>('/api/v1/sync/pull', { query: { since, clientId, limit } }),
    /** "This helped": counted once per person; a later call with `how` adds the detail only. */
    markHelped: (id: string, args: { how?: HelpedHow; note?: string } = {}) =>
      request<{ practice: Practice; counted: boolean }>(
        `/api/v1/practices/${encodeURIComponent(id)}/helped`,
        { method: 'POST', body: args },
      ),
    /** "Still right": the owner (or a coordinator) verifies the practice. */
    verifyPractice: (id: string) =>
      request<{ practice: Practice }>(`/api/v1/practices/${encodeURIComponent(id)}/verify`, {
        method: 'POST',
        body: {},
      }),
    practices: async (query: PracticeQuery = {}) =>
      (await request<{ items: PracticeListItem[] }>('/api/v1/practices', { query: { ...query } }))
        .items,
    experts: async (query: ExpertQuery = {}) =>
      (await request<{ items: ExpertHit[] }>('/api/v1/experts', { query: { ...query } })).items,
    questions: async (query: QuestionQuery = {}) =>
      (await request<{ items: Question[] }>('/api/v1/questions', { query: { ...query } })).items,
    question: (id: string) =>
      request<{ question: Question; answers: Answer[] }>(
        `/api/v1/questions/${encodeURIComponent(id)}`,
      ),
    postQuestion: (args: MutationArgsOf<'createQuestion'>, idempotencyKey: string) =>
      create<Question>('/api/v1/questions', args, 'question', idempotencyKey),
    postAnswer: async (
      questionId: string,
      args: Omit<MutationArgsOf<'createAnswer'>, 'questionId'>,
      idempotencyKey: string,
    ) =>
      create<Answer>(
        `/api/v1/questions/${encodeURIComponent(questionId)}/answers`,
        { ...args, questionId },
        'answer',
        idempotencyKey,
      ),
    /** My topics, visibility, evidence, load of routed questions and availability (the question loop). */
    myExpertise: (community?: string) =>
      request<MyExpertise>('/api/v1/me/expertise', { query: { community } }),
    setMyExpertise: (update: ExpertiseUpdate) =>
      request<MyExpertise>('/api/v1/me/expertise', { method: 'PUT', body: update }),
    /** The person chose a suggestion instead of asking: counted once per person and item. */
    answeredByExisting: (item: { kind: 'practice' | 'question'; id: string }) =>
      request<{ recorded: boolean }>('/api/v1/answered-by-existing', {
        method: 'POST',
        body: item,
      }),
    /** The asker (or a coordinator) accepts the answer that solved the question. */
    acceptAnswer: (questionId: string, answerId: string) =>
      request<{ question: Question }>(
        `/api/v1/questions/${encodeURIComponent(questionId)}/accept`,
        { method: 'POST', body: { answerId } },
      ),
    /** Turns the accepted answer into a captured practice credited to the answerer. */
    promoteAnswer: async (questionId: string) =>
      unwrap<Practice>(
        await request(`/api/v1/questions/${encodeURIComponent(questionId)}/promote`, {
          method: 'POST',
          body: {},
        }),
        'practice',
      ),
    postPractice: (args: MutationArgsOf<'createPractice'>, idempotencyKey: string) =>
      create<Practice>('/api/v1/practices', args, 'practice', idempotencyKey),
  };
}

/** Accepts both `{practice: {...}}` and a bare entity, so the client does not hinge on one shape. */
function unwrap<T>(payload: unknown, key: string): T {
  if (payload && typeof payload === 'object' && key in payload) {
    return (payload as Record<string, T>)[key] as T;
  }
  return payload as T;
}

function toApiError(status: number, payload: unknown): ApiError {
  const body = (payload as Partial<ApiErrorBody> | undefined)?.error;
  if (status === 401) {
    // Keep the store's own sentence (expired embed token, revoked key); the generic one is a fallback.
    const message = typeof body?.message === 'string' && body.message ? body.message : '';
    return new ApiError(401, 'unauthorized', message || UNAUTHORIZED_MESSAGE, body?.details);
  }
  if (body && typeof body.code === 'string') {
    return new ApiError(
      status,
      body.code,
      body.message || `The store answered ${status}.`,
      body.details,
    );
  }
  if (status >= 500) {
    return new ApiError(
      status,
      'server_error',
      `The store had a problem (${status}). Try again shortly.`,
    );
  }
  return new ApiError(status, `http_${status}`, `The store answered ${status}.`);
}

/** An AbortSignal that fires when any of `signals` does (AbortSignal.any is not everywhere yet). */
function anySignal(signals: AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}
