/**
 * Serves fixed HTML pages on two loopback addresses with one port: 127.0.0.1 (an origin the end-to-end
 * extension build declares, so an enabled site) and 127.0.0.2 (a different origin, so a site not enabled).
 */
import { createServer, type Server } from 'node:http';

export interface PageServer {
  /** http://127.0.0.1:PORT */
  enabledOrigin: string;
  /** http://127.0.0.2:PORT */
  otherOrigin: string;
  close(): Promise<void>;
}

export async function startPageServer(pages: Record<string, string>): Promise<PageServer> {
  const handler = (req: { url?: string }, res: import('node:http').ServerResponse) => {
    const body = pages[(req.url ?? '/').split('?')[0]!];
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };
  const listen = (server: Server, host: string, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve((server.address() as { port: number }).port));
    });
  const a = createServer(handler);
  const port = await listen(a, '127.0.0.1', 0);
  const b = createServer(handler);
  await listen(b, '127.0.0.2', port);
  return {
    enabledOrigin: `http://127.0.0.1:${port}`,
    otherOrigin: `http://127.0.0.2:${port}`,
    close: async () => {
      for (const s of [a, b]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };
}
