/** The store's settings, read once from the environment (names fixed by the contract in DESIGN.md). */
import { resolve } from 'node:path';
import { testClockFile } from './clock';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminToken?: string;
  embedSecret?: string;
  /** What embed tokens must carry and may not exceed (see http/embed-token.ts). */
  embed: EmbedPolicy;
  allowedOrigins: string[];
  /** Seed the demo community into an empty store and serve its tokens (see demoSetting). */
  demo: boolean;
  /** Why the demo is on or off, for the start-up line. */
  demoReason: string;
  /** The demo people's password (COP_DEMO_PASSWORD); otherwise one is generated when the demo is seeded. */
  demoPassword?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Memory for answers to repeated reads (COP_READ_CACHE_MB, default 64; 0 turns the cache off). */
  readCacheBytes: number;
  /** The only hosts webhooks may go to, whatever their address (COP_WEBHOOK_HOSTS), or null: public addresses only. */
  webhookHosts: string[] | null;
  /** Single sign-on with OpenID Connect (COP_OIDC_*), or null when COP_OIDC_ISSUER is not set. */
  oidc: OidcConfig | null;
  /** Email and password sign-in (on unless COP_PASSWORD_LOGIN=off). */
  passwordLogin: boolean;
  /** The store's address as people reach it (COP_PUBLIC_URL), e.g. behind a proxy; else each request's origin. */
  publicUrl?: string;
  /** Proxies whose X-Forwarded-For is believed (COP_TRUST_PROXY: addresses, CIDR ranges or `loopback`). */
  trustProxy: string[];
  /** Request limits (see docs/security.md). */
  throttle: {
    /** Sign-in attempts per account per 15 minutes (COP_LOGIN_ATTEMPTS_PER_ACCOUNT, default 10). */
    loginsPerAccount: number;
    /** Sign-in attempts per client address per 15 minutes (COP_LOGIN_ATTEMPTS_PER_ADDRESS, default 100). */
    loginsPerAddress: number;
    /** Writes per token per minute (COP_WRITES_PER_MINUTE, default 1200). */
    writesPerMinute: number;
    /** Event streams open at once per token (COP_STREAMS_PER_TOKEN, default 20). */
    streamsPerToken: number;
  };
  /** Password hashes computed at once, and how many may wait (COP_PASSWORD_HASHING, COP_PASSWORD_QUEUE). */
  passwordHashing: { concurrency: number; queue: number };
  /** How long rows that only serve a while are kept, and how often the store prunes them (domain/retention.ts). */
  retention: {
    /** COP_RETAIN_IDEMPOTENCY_DAYS, default 1. */
    idempotencyKeysMs: number;
    /** COP_RETAIN_REVOKED_TOKENS_DAYS, default 30. */
    revokedTokensMs: number;
    /** COP_RETAIN_RESOLVED_CONFLICTS_DAYS, default 90. */
    resolvedConflictsMs: number;
    /** COP_RETAIN_WEBHOOK_DELIVERIES_DAYS, default 30. */
    webhookDeliveriesMs: number;
    /** COP_RETENTION_INTERVAL_MINUTES, default 60. */
    intervalMs: number;
  };
  /** An API token unused for this many days stops working (COP_SESSION_IDLE_DAYS, default 30). */
  sessionIdleDays: number;
  /** An API token stops working this many days after it was made, used or not (COP_SESSION_MAX_DAYS, default 90). */
  sessionMaxDays: number;
  /** Outside production, a file whose ISO instant replaces the calendar's time (COP_TEST_CLOCK_FILE; clock.ts). */
  testClockFile?: string;
}

/** A non-negative number from the environment (fractions allowed), or the default. */
function amount(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`${name} must be a number of at least 0, not "${raw}"`);
  return n;
}
const DAY = 86_400_000;

/** A whole number from the environment, or the default; anything else stops the store with a sentence. */
function count(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number of at least ${min}, not "${raw}"`);
  return n;
}

function days(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of days, not "${env[name]}"`);
  return value;
}

export interface EmbedPolicy {
  /** The longest lifetime (exp minus iat, or exp minus now) an embed token may have, in seconds. */
  maxLifetimeSeconds: number;
  /** When set, a token's `aud` must be one of these (COP_EMBED_AUDIENCE). */
  audience?: string[];
  /** When set, a token's `iss` must be one of these (COP_EMBED_ISSUER). */
  issuer?: string[];
  /** Whether a token's email may link an account that no embed token is bound to yet (COP_EMBED_LINK_BY_EMAIL=1). */
  linkByEmail: boolean;
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/i;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds from "3600", "90m", "24h" or "1d". */
export function parseDuration(name: string, value: string): number {
  const match = DURATION.exec(value.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's').toLowerCase()]! : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`${name} must be a duration such as 3600, 90m or 24h, not "${value}"`);
  return Math.round(seconds);
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * The demo is a newcomer's first look, so a fresh `npm start` shows it; a store set up for real work
 * (reachable from other machines, on PostgreSQL, with a public URL or in production) does not, unless
 * COP_DEMO=1 asks for it.
 */
export function demoSetting(env: NodeJS.ProcessEnv): { on: boolean; reason: string } {
  if (env.COP_DEMO === '1') return { on: true, reason: 'COP_DEMO=1 asks for it' };
  if (env.COP_DEMO === '0') return { on: false, reason: 'COP_DEMO=0' };
  const host = env.HOST ?? '127.0.0.1';
  if (!LOOPBACK.test(host))
    return { on: false, reason: `HOST=${host} is reachable from other machines` };
  if (env.DATABASE_URL) return { on: false, reason: 'DATABASE_URL is set' };
  if (env.COP_PUBLIC_URL) return { on: false, reason: 'COP_PUBLIC_URL is set' };
  if (env.NODE_ENV === 'production') return { on: false, reason: 'NODE_ENV=production' };
  return { on: true, reason: 'a loopback store without production settings' };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const logLevel = (env.COP_LOG_LEVEL ?? 'info') as Config['logLevel'];
  const cacheMb = Number(env.COP_READ_CACHE_MB ?? 64);
  if (!Number.isFinite(cacheMb) || cacheMb < 0)
    throw new Error(
      `COP_READ_CACHE_MB must be a number of megabytes, not "${env.COP_READ_CACHE_MB}"`,
    );
  const demo = demoSetting(env);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.COP_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminToken: env.COP_ADMIN_TOKEN || undefined,
    embedSecret: env.COP_EMBED_SECRET || undefined,
    allowedOrigins: (env.COP_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean),
    embed: {
      maxLifetimeSeconds: parseDuration(
        'COP_EMBED_MAX_LIFETIME',
        env.COP_EMBED_MAX_LIFETIME || '24h',
      ),
      audience: list(env.COP_EMBED_AUDIENCE)?.length ? list(env.COP_EMBED_AUDIENCE) : undefined,
      issuer: list(env.COP_EMBED_ISSUER)?.length ? list(env.COP_EMBED_ISSUER) : undefined,
      linkByEmail: env.COP_EMBED_LINK_BY_EMAIL === '1',
    },
    demo: demo.on,
    demoReason: demo.reason,
    demoPassword: env.COP_DEMO_PASSWORD || undefined,
    logLevel,
    readCacheBytes: Math.round(cacheMb * 1024 * 1024),
    webhookHosts: env.COP_WEBHOOK_HOSTS
      ? env.COP_WEBHOOK_HOSTS.split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean)
      : null,
    sessionIdleDays: days(env, 'COP_SESSION_IDLE_DAYS', 30),
    sessionMaxDays: days(env, 'COP_SESSION_MAX_DAYS', 90),
    testClockFile: testClockFile(env),
    oidc: readOidc(env),
    passwordLogin: !OFF.test(env.COP_PASSWORD_LOGIN ?? ''),
    publicUrl: readPublicUrl(env.COP_PUBLIC_URL),
    trustProxy: (env.COP_TRUST_PROXY ?? '')
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean),
    throttle: {
      loginsPerAccount: count(env, 'COP_LOGIN_ATTEMPTS_PER_ACCOUNT', 10, 1),
      loginsPerAddress: count(env, 'COP_LOGIN_ATTEMPTS_PER_ADDRESS', 100, 1),
      writesPerMinute: count(env, 'COP_WRITES_PER_MINUTE', 1200, 1),
      streamsPerToken: count(env, 'COP_STREAMS_PER_TOKEN', 20, 1),
    },
    passwordHashing: {
      concurrency: count(env, 'COP_PASSWORD_HASHING', 2, 1),
      queue: count(env, 'COP_PASSWORD_QUEUE', 64, 0),
    },
    retention: {
      idempotencyKeysMs: amount(env, 'COP_RETAIN_IDEMPOTENCY_DAYS', 1) * DAY,
      revokedTokensMs: amount(env, 'COP_RETAIN_REVOKED_TOKENS_DAYS', 30) * DAY,
      resolvedConflictsMs: amount(env, 'COP_RETAIN_RESOLVED_CONFLICTS_DAYS', 90) * DAY,
      webhookDeliveriesMs: amount(env, 'COP_RETAIN_WEBHOOK_DELIVERIES_DAYS', 30) * DAY,
      intervalMs: Math.max(1000, amount(env, 'COP_RETENTION_INTERVAL_MINUTES', 60) * 60_000),
    },
  };
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE only). */
  clientSecret?: string;
  /** Only people whose email is in one of these domains may sign in (COP_OIDC_ALLOWED_DOMAINS); empty: anyone. */
  allowedDomains: string[];
  /** Refuse an ID token unless it says `email_verified: true` (COP_OIDC_REQUIRE_VERIFIED_EMAIL=on). */
  requireVerifiedEmail: boolean;
}

const ON = /^(1|on|true|yes)$/i;
const OFF = /^(0|off|false|no)$/i;

function readOidc(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = env.COP_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`COP_OIDC_ISSUER must be the provider's issuer URL, not "${issuer}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`COP_OIDC_ISSUER must be an https:// URL, not "${issuer}"`);
  const clientId = env.COP_OIDC_CLIENT_ID?.trim();
  if (!clientId)
    throw new Error("COP_OIDC_CLIENT_ID must be set with COP_OIDC_ISSUER (the store's client id).");
  return {
    issuer,
    clientId,
    clientSecret: env.COP_OIDC_CLIENT_SECRET || undefined,
    allowedDomains: (env.COP_OIDC_ALLOWED_DOMAINS ?? '')
      .split(',')
      .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean),
    requireVerifiedEmail: ON.test(env.COP_OIDC_REQUIRE_VERIFIED_EMAIL ?? ''),
  };
}

function readPublicUrl(value: string | undefined): string | undefined {
  if (!value?.trim()) return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {}
  throw new Error(`COP_PUBLIC_URL must be the store's http(s) address, not "${value}"`);
}
