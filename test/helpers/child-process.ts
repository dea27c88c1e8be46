/** What the test stores and the benchmarks' server processes share: a free port, and what a child prints. */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port on 127.0.0.1 that nothing listens on at the moment of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

/** Hands everything the child prints, stdout and stderr as it arrives, to `append` (for failure messages). */
export function captureOutput(child: ChildProcess, append: (text: string) => void): void {
  child.stdout?.on('data', (d) => append(String(d)));
  child.stderr?.on('data', (d) => append(String(d)));
}
