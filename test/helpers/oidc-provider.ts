/**
 * A real OpenID Provider for tests (`oidc-provider`, the certified Node implementation) on a loopback port,
 * with people the test defines, plus a small browser stand-in (cookies, redirects, the provider's login
 * form) that walks a single sign-on from the store's start route to its return URL.
 */
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from './store';

export interface Person {
  /** What the person types as their login on the provider's form; it becomes `sub`. */
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The environment a store needs to use this provider. */
  env: Record<string, string>;
  /** Adds or replaces a person the provider knows. */
  addPerson(person: Person): void;
  /** Seconds an authorization code stays valid (60 unless a test shortens it). */
  codeTtl: number;
  close(): Promise<void>;
}

/** Starts a provider whose one client may return to `redirectUris` (the store's callback). */
export async function startProvider(redirectUris: string[]): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'cop-kit-store';
  const clientSecret = 'a-client-secret-for-tests-only-0123456789';
  const people = new Map<string, Person>();
  const state = { codeTtl: 60 };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    async findAccount(_ctx, id) {
      const person = people.get(id);
      if (!person) return undefined;
      return { accountId: id, claims: async () => ({ ...person }) };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    pkce: { required: () => true },
    cookies: { keys: ['cookie-key-for-tests-only'] },
    // A first-party application: consent is given once the person has signed in.
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId ||
        ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    ttl: {
      AuthorizationCode: () => state.codeTtl,
      Session: 3600,
      Interaction: 600,
      Grant: 3600,
      IdToken: 3600,
      AccessToken: 3600,
    },
  });
  // The provider's development warnings (in-memory adapter, dev interactions) are expected in tests.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider:', error));

  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    env: {
      COP_OIDC_ISSUER: issuer,
      COP_OIDC_CLIENT_ID: clientId,
      COP_OIDC_CLIENT_SECRET: clientSecret,
    },
    addPerson: (person) => people.set(person.sub, person),
    get codeTtl() {
      return state.codeTtl;
    },
    set codeTtl(seconds: number) {
      state.codeTtl = seconds;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser stand-in: keeps cookies per host and follows redirects by hand. */
export function browserStandIn() {
  const jars = new Map<string, Map<string, string>>();
  async function request(url: URL, init: RequestInit = {}): Promise<Response> {
    const jar = jars.get(url.host) ?? new Map<string, string>();
    jars.set(url.host, jar);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }
  return { request };
}

export interface WalkOptions {
  /** Who signs in at the provider (their login). */
  login: string;
  /** Stop before the store's callback and return its URL instead of calling it. */
  stopAtCallback?: boolean;
  /** Change the authorization request before the provider sees it (an attacker's edit). */
  editAuthorization?: (url: URL) => void;
  browser?: ReturnType<typeof browserStandIn>;
}

/**
 * Walks from `startUrl` (the store's `/auth/oidc/start`) through the provider's login form and back,
 * returning the first URL that is neither the store nor the provider (the return target with its fragment),
 * or the callback URL when `stopAtCallback`. Every response on the way is kept for inspection.
 */
export async function walkSignIn(
  startUrl: string,
  provider: TestProvider,
  options: WalkOptions,
): Promise<{ url: URL; responses: Response[] }> {
  const browser = options.browser ?? browserStandIn();
  const store = new URL(startUrl).origin;
  const responses: Response[] = [];
  let url = new URL(startUrl);
  let init: RequestInit = {};
  for (let step = 0; step < 20; step++) {
    if (url.origin !== store && url.origin !== provider.issuer) return { url, responses };
    // Back at the store's console (or an extension's URL, above): the code is in the fragment.
    if (url.origin === store && url.pathname.startsWith('/console')) return { url, responses };
    if (url.pathname === '/api/v1/auth/oidc/callback' && options.stopAtCallback)
      return { url, responses };
    if (url.origin === provider.issuer && url.pathname === '/auth' && options.editAuthorization)
      options.editAuthorization(url);
    const res = await browser.request(url, init);
    responses.push(res);
    init = {};
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url);
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (res.status === 200 && action && /name="login"/.test(html)) {
      url = new URL(action.replace(/&amp;/g, '&'), url);
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt: 'login', login: options.login, password: 'any' }),
      };
      continue;
    }
    return { url, responses };
  }
  throw new Error(`The sign-in did not finish within 20 steps (last at ${url})`);
}
