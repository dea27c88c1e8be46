/**
 * Live changes across store processes that share one PostgreSQL: each commit announces its new version with
 * NOTIFY (sent by PostgreSQL only when the transaction commits), and every process LISTENs and wakes its own
 * change bus. A process ignores its own announcements: its bus already heard them in-process.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../context';

export const CHANGES_CHANNEL = 'cop_changes';

/** How long to wait before listening again after the connection dropped. */
const RECONNECT_MS = 1_000;

export interface ChangeFeed {
  /** Announces `version` to the other processes once the transaction `trx` commits. */
  announce(trx: Db, version: number): Promise<void>;
  /** Calls `onVersion` for every version another process commits; stops with the returned function. */
  listen(onVersion: (version: number) => void): Promise<() => Promise<void>>;
}

export function postgresChangeFeed(connectionString: string, latestVersion: () => Promise<number>) {
  const origin = randomUUID();
  return {
    announce: async (trx: Db, version: number) => {
      await sql`select pg_notify(${CHANGES_CHANNEL}, ${`${origin} ${version}`})`.execute(trx);
    },
    async listen(onVersion: (version: number) => void) {
      let client: pg.Client | undefined;
      let stopped = false;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString });
        // A dropped connection (a restarted server, a failover) is taken up again; nothing is lost meanwhile,
        // because listeners are told the latest version once listening resumes and then pull what they missed.
        const again = () => {
          if (stopped || client !== next) return;
          client = undefined;
          next.end().catch(() => {});
          retry = setTimeout(() => void connect().catch(again), RECONNECT_MS);
          retry.unref?.();
        };
        client = next;
        next.on('error', again);
        next.on('end', again);
        next.on('notification', (message) => {
          const [from, version] = (message.payload ?? '').split(' ');
          if (from !== origin && version) onVersion(Number(version));
        });
        await next.connect();
        await next.query(`LISTEN ${CHANGES_CHANNEL}`);
        if (retry) onVersion(await latestVersion());
      };
      await connect();
      return async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        await client?.end().catch(() => {});
      };
    },
  } satisfies ChangeFeed;
}

/** One process alone on its database (SQLite) has nobody to tell. */
export const localChangeFeed: ChangeFeed = {
  announce: async () => {},
  listen: async () => async () => {},
};
