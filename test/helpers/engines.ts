/**
 * In-process stores on each storage engine: SQLite always, PostgreSQL when DATABASE_URL is set.
 * Every store gets a fresh database, so test files never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { readConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/log';
import { type RunningStore, startStore } from '../../src/server/store';

export type Engine = 'sqlite' | 'postgres';

export const ENGINES: Engine[] = process.env.DATABASE_URL?.startsWith('postgres')
  ? ['sqlite', 'postgres']
  : ['sqlite'];

export interface EngineStore extends RunningStore {
  adminToken: string;
  embedSecret: string;
  dispose(): Promise<void>;
}

/** A PostgreSQL database of its own (on DATABASE_URL's server), and how to drop it afterwards. */
export async function freshPostgres(
  prefix = 'cop_t',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function openEngineStore(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<EngineStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cop-engine-'));
  const database = engine === 'postgres' ? await freshPostgres() : undefined;
  const adminToken = `cop_test_${randomBytes(12).toString('hex')}`;
  const embedSecret = randomBytes(32).toString('hex');
  const config = readConfig({
    PORT: '0',
    COP_DATA_DIR: dataDir,
    COP_ADMIN_TOKEN: adminToken,
    COP_EMBED_SECRET: embedSecret,
    COP_DEMO: '0',
    DATABASE_URL: database?.url ?? '',
    ...env,
  });
  const store = await startStore(config, createLogger('silent'));
  return {
    ...store,
    adminToken,
    embedSecret,
    dispose: async () => {
      await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
