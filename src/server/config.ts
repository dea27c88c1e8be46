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
  /** The only hosts webhooks may go to, whatever their address (COP_WEBHOOK_HOSTS), or null: public addresses only. */
  webhookHosts: string[] | null;
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
  };
}
