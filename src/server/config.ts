/** The store's settings, read once from the environment (names fixed by the contract in DESIGN.md). */
import { resolve } from 'node:path';

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
  /** The only hosts webhooks may go to (COP_WEBHOOK_HOSTS), or null: any but loopback and link-local. */
  webhookHosts: string[] | null;
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
  };
}
