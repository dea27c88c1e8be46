/** Runs the real store (`src/server/index.ts`) as a child process on its own port, so it has its own core. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput, freePort } from '../../test/helpers/child-process';
import { ROOT } from '../fixtures/dataset';

export const ADMIN_TOKEN = 'cop_bench_admin_token_0123456789';
export const EMBED_SECRET = 'bench-embed-secret-0123456789abcdef0123456789abcdef';

export interface StoreProcess {
  url: string;
  pid: number;
  /** Resident memory of the store process in MB (from /proc, Linux). */
  rssMb(): number;
  output(): string;
  stop(): Promise<void>;
}

export { freePort };

export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return Math.round(kb / 102.4) / 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time the process has used so far, in ms (user + system, from /proc, Linux). Per request it is the
 * store's own cost, which other work on a shared machine slows down but does not add to.
 */
export function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

export interface StoreProcessOptions {
  dataDir: string;
  databaseUrl?: string;
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…'] (COP_BENCH_PROFILE=1 adds those). */
  nodeFlags?: string[];
}

/** Waits until a URL answers 2xx, or throws with what the process printed. */
export async function waitForHealth(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`did not answer within 60 s:\n${log()}`);
}

export async function startStoreProcess(options: StoreProcessOptions): Promise<StoreProcess> {
  const port = await freePort();
  const profile = process.env.COP_BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench', 'results', 'profiles')}`]
    : [];
  // COP_BENCH_SERVER measures another tree's store (e.g. a copy with a proposed change) on the same data.
  const entry = process.env.COP_BENCH_SERVER ?? join(ROOT, 'src/server/index.ts');
  const child = spawn(
    process.execPath,
    [...profile, ...(options.nodeFlags ?? []), '--import', 'tsx', entry],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        COP_DATA_DIR: options.dataDir,
        DATABASE_URL: options.databaseUrl ?? '',
        COP_ADMIN_TOKEN: ADMIN_TOKEN,
        COP_EMBED_SECRET: EMBED_SECRET,
        COP_DEMO: '0',
        COP_LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  captureOutput(child, (text) => {
    log += text;
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${url}/api/v1/health`, child, () => log);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`The store ${(error as Error).message}`);
  }
  return {
    url,
    pid: child.pid!,
    rssMb: () => rssOf(child.pid!),
    output: () => log,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
