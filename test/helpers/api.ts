/** A tiny HTTP client for tests: JSON in, `{status, body}` out, with the store's admin helpers. */
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A response as tests read it: its body parsed as JSON when it is JSON, as text otherwise. */
export async function readReply(res: Response): Promise<Reply> {
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed, headers: res.headers };
}

export function client(base: string, token?: string) {
  const call = async <T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return readReply(res);
  };
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) =>
      call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body ?? {}, headers),
    put: <T = any>(path: string, body?: unknown) => call<T>('PUT', path, body ?? {}),
    patch: <T = any>(path: string, body?: unknown) => call<T>('PATCH', path, body ?? {}),
    del: <T = any>(path: string) => call<T>('DELETE', path),
    raw: call,
  };
}

export type Client = ReturnType<typeof client>;

let counter = 0;
/** Creates a user through the admin API and returns its id, token and a client acting as it. */
export async function makeUser(base: string, adminToken: string, name = `User ${++counter}`) {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}.${++counter}@example.com`;
  const res = await client(base, adminToken).post('/users', {
    email,
    name,
    password: 'correct horse battery',
  });
  if (res.status !== 201) throw new Error(`creating ${name} failed: ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id as string,
    email,
    token: res.body.token as string,
    api: client(base, res.body.token),
  };
}

/** Creates a community and adds the given users with their roles. */
export async function makeCommunity(
  base: string,
  adminToken: string,
  slug: string,
  members: [string, 'member' | 'coordinator'][] = [],
) {
  const admin = client(base, adminToken);
  const res = await admin.post('/communities', {
    slug,
    name: slug,
    domain: `The practice of ${slug}`,
  });
  if (res.status !== 201) throw new Error(`creating ${slug} failed: ${JSON.stringify(res.body)}`);
  for (const [userId, role] of members)
    await admin.put(`/communities/${slug}/members/${userId}`, { role });
  return res.body.community;
}

export type User = Awaited<ReturnType<typeof makeUser>>;

/** A running store as the admin API sees it. */
interface AdminOf {
  url: string;
  adminToken: string;
}

/** Creates one user a name, in the order given (their emails and ids follow that order). */
export async function makeUsers<const Names extends readonly string[]>(
  store: AdminOf,
  names: Names,
): Promise<{ [K in keyof Names]: User }> {
  const users: User[] = [];
  for (const name of names) users.push(await makeUser(store.url, store.adminToken, name));
  return users as { [K in keyof Names]: User };
}

/** Creates a community that `coordinator` coordinates and `members` join as members. */
export function makeCoordinatedCommunity(
  store: AdminOf,
  slug: string,
  coordinator: User,
  members: readonly User[] = [],
) {
  return makeCommunity(store.url, store.adminToken, slug, [
    [coordinator.id, 'coordinator'],
    ...members.map((m): [string, 'member'] => [m.id, 'member']),
  ]);
}

/** `author` captures `count` practices (`practice(i)` is the i-th request body) and `coordinator` publishes each. */
export async function publishPractices(
  author: User,
  coordinator: User,
  count: number,
  practice: (i: number) => Record<string, unknown>,
) {
  for (let i = 0; i < count; i++) {
    const captured = (await author.api.post('/practices', practice(i))).body.practice;
    await coordinator.api.post('/practices/bulk-review', {
      action: 'publish',
      items: [{ id: captured.id, baseVersion: 1 }],
    });
  }
}
