/** The store's settings, read once from the environment (names fixed by the contract in DESIGN.md). */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminToken?: string;
  embedSecret?: string;
  allowedOrigins: string[];
  /** Seed the demo community into an empty store. */
  demo: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Memory for answers to repeated reads (COP_READ_CACHE_MB, default 64; 0 turns the cache off). */
  readCacheBytes: number;
  /** The only hosts webhooks may go to (COP_WEBHOOK_HOSTS), or null: any but loopback and link-local. */
  webhookHosts: string[] | null;
  /** Single sign-on with OpenID Connect (COP_OIDC_*), or null when COP_OIDC_ISSUER is not set. */
  oidc: OidcConfig | null;
  /** Email and password sign-in (on unless COP_PASSWORD_LOGIN=off). */
  passwordLogin: boolean;
  /** The store's address as people reach it (COP_PUBLIC_URL), e.g. behind a proxy; else each request's origin. */
  publicUrl?: string;
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
    demo: env.COP_DEMO !== '0',
    logLevel,
    readCacheBytes: Math.round(cacheMb * 1024 * 1024),
    webhookHosts: env.COP_WEBHOOK_HOSTS
      ? env.COP_WEBHOOK_HOSTS.split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean)
      : null,
    oidc: readOidc(env),
    passwordLogin: !OFF.test(env.COP_PASSWORD_LOGIN ?? ''),
    publicUrl: readPublicUrl(env.COP_PUBLIC_URL),
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
