/** Starts a real store as a child process on a free port with its own data directory, for tests and benchmarks. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureOutput, freePort } from './child-process';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface TestStore {
  url: string;
  adminToken: string;
  dataDir: string;
  embedSecret: string;
  /** The demo people's password (COP_DEMO_PASSWORD), for stores started with `demo: true`. */
  demoPassword: string;
  /** Starts the process again (same port, data and tokens) after stop() or kill(). */
  start(): Promise<void>;
  /** Graceful shutdown (SIGTERM). */
  stop(): Promise<void>;
  /** A crash: SIGKILL, no chance to flush anything that was not already durable. */
  kill(): Promise<void>;
  /** Stops the process and deletes its data directory. */
  dispose(): Promise<void>;
  /** Everything the process printed, for debugging a failing test. */
  output(): string;
}

export interface StoreOptions {
  env?: Record<string, string>;
  dataDir?: string;
  port?: number;
  /** Seed the demo community (off by default so tests start from an empty store). */
  demo?: boolean;
}

export { freePort };

export async function startStore(options: StoreOptions = {}): Promise<TestStore> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cop-store-'));
  const port = options.port ?? (await freePort());
  const adminToken = `cop_test_${randomBytes(16).toString('hex')}`;
  const embedSecret = randomBytes(32).toString('hex');
  const demoPassword = `demo-${randomBytes(9).toString('base64url')}`;
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let log = '';

  const start = async () => {
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/index.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        COP_DATA_DIR: dataDir,
        COP_ADMIN_TOKEN: adminToken,
        COP_EMBED_SECRET: embedSecret,
        COP_DEMO: options.demo ? '1' : '0',
        COP_DEMO_PASSWORD: demoPassword,
        COP_LOG_LEVEL: 'warn',
        // Each test store owns fresh data: it never inherits the storage suite's shared PostgreSQL.
        DATABASE_URL: '',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    captureOutput(child, (text) => {
      log += text;
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`The store exited with ${child.exitCode}:\n${log}`);
      try {
        if ((await fetch(`${url}/api/v1/health`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`The store did not start within 30 s:\n${log}`);
  };

  const exit = (signal: NodeJS.Signals) =>
    new Promise<void>((done) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill(signal);
    });

  await start();
  return {
    url,
    adminToken,
    dataDir,
    embedSecret,
    demoPassword,
    start,
    stop: () => exit('SIGTERM'),
    kill: () => exit('SIGKILL'),
    dispose: async () => {
      await exit('SIGTERM');
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    output: () => log,
  };
}
