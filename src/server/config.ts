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
  /** An API token unused for this many days stops working (COP_SESSION_IDLE_DAYS, default 30). */
  sessionIdleDays: number;
  /** An API token stops working this many days after it was made, used or not (COP_SESSION_MAX_DAYS, default 90). */
  sessionMaxDays: number;
}

function days(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of days, not "${env[name]}"`);
  return value;
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
    sessionIdleDays: days(env, 'COP_SESSION_IDLE_DAYS', 30),
    sessionMaxDays: days(env, 'COP_SESSION_MAX_DAYS', 90),
  };
}
