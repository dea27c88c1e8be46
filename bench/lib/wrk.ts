/** Runs Debian's `wrk` (when installed) with a Lua script that replays a mixed list of GET requests. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../fixtures/dataset';
import type { LoadOptions, LoadResult } from './load-generator';

export function wrkPath(): string | null {
  try {
    return execFileSync('which', ['wrk'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export async function runWrk(wrk: string, options: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cop-wrk-'));
  const list = join(dir, 'requests.tsv');
  writeFileSync(
    list,
    options.requests.map((r) => `${r.token ?? ''}\t${r.path}\t${r.fresh ? 1 : 0}`).join('\n'),
  );
  const threads = options.threads ?? 1;
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(wrk, [
        `-t${threads}`,
        `-c${options.connections}`,
        `-d${Math.max(1, Math.round(options.durationMs / 1000))}s`,
        '--timeout',
        '5s',
        '-s',
        join(ROOT, 'bench', 'fixtures', 'wrk-requests.lua'),
        options.url,
        '--',
        list,
        String(Math.floor(Math.random() * options.requests.length)),
      ]);
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        out += d;
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`wrk exited with ${code}: ${out}`)),
      );
    });
    const json = /WRK_JSON (\{.*\})/.exec(output)?.[1];
    if (!json) throw new Error(`wrk printed no result: ${output}`);
    const r = JSON.parse(json) as Record<string, number>;
    const seconds = r.duration_us! / 1e6;
    return {
      requests: r.requests!,
      errors: r.errors! + r.timeouts! + r.non2xx!,
      detail: `${r.non2xx} non-2xx, ${r.timeouts} timeouts (5 s), ${r.errors} socket errors`,
      seconds,
      rps: r.requests! / seconds,
      p50Ms: r.p50_us! / 1000,
      p90Ms: r.p90_us! / 1000,
      p99Ms: r.p99_us! / 1000,
      maxMs: r.max_us! / 1000,
      generator: `wrk (${threads} thread${threads === 1 ? '' : 's'})`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
