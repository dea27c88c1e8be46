/** Opens storage, ensures the admin token, seeds the demo on an empty store and serves HTTP until closed. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import type { Config } from './config';
import type { StoreContext } from './context';
import { seedDemo } from './demo/seed';
import { ChangeBus } from './domain/events';
import { createUser, issueToken, userByToken } from './domain/users';
import { createLogger, type Logger } from './log';
import { openStorage } from './storage/database';

export interface RunningStore {
  url: string;
  ctx: StoreContext;
  /** Set when the store created an admin token at this start. */
  generatedAdminToken?: string;
  /** Set when the demo was seeded at this start: the demo people's password, shown once. */
  generatedDemoPassword?: string;
  close(): Promise<void>;
}

/** Makes sure an admin exists; with COP_ADMIN_TOKEN that token becomes theirs, otherwise a fresh one is printed once. */
async function ensureAdmin(ctx: StoreContext): Promise<string | undefined> {
  const { db } = ctx.storage;
  const wanted = ctx.config.adminToken;
  if (wanted && (await userByToken(db, wanted))) return undefined;
  const admin =
    (await db
      .selectFrom('users')
      .selectAll()
      .where('is_admin', '=', 1)
      .orderBy('created_at')
      .executeTakeFirst()) ?? null;
  const adminId =
    admin?.id ??
    (await createUser(db, { email: 'admin@localhost', name: 'Admin', isAdmin: true })).id;
  if (wanted) {
    await issueToken(db, adminId, 'COP_ADMIN_TOKEN', wanted);
    return undefined;
  }
  if (admin) return undefined;
  return (await issueToken(db, adminId, 'generated at first start')).token;
}

export async function startStore(
  config: Config,
  log: Logger = createLogger(config.logLevel),
): Promise<RunningStore> {
  const storage = await openStorage(config);
  // The demo signs its widgets' tokens with a key of its own (demo/secret.ts), never COP_EMBED_SECRET.
  const ctx: StoreContext = { storage, config, bus: new ChangeBus(), log };
  // Commits made by other store processes on the same PostgreSQL wake this process's listeners too.
  const stopListening = await storage.listen((version) => ctx.bus.publish(version));
  const { generatedAdminToken, generatedDemoPassword } = await storage.exclusively(async () => ({
    generatedAdminToken: await ensureAdmin(ctx),
    generatedDemoPassword: config.demo ? await seedDemo(ctx) : undefined,
  }));
  const app = createApp(ctx);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, let requests in flight finish, end the event streams, then close the database.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      ctx.bus.close();
      // Keep-alive sockets (and event streams, once ended) go idle over the next moments: close them as they do.
      const sweep = setInterval(
        () => 'closeIdleConnections' in server && server.closeIdleConnections(),
        50,
      );
      const forced = setTimeout(
        () => 'closeAllConnections' in server && server.closeAllConnections(),
        10_000,
      );
      await closed;
      clearInterval(sweep);
      clearTimeout(forced);
      await stopListening();
      await storage.close();
    })());
  return { url, ctx, generatedAdminToken, generatedDemoPassword, close };
}
