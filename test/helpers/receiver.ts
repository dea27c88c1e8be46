/** A local server standing in for the sites the store posts to (webhooks, digests), on 127.0.0.1. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Starts a receiver whose address ends in `path`. Each request goes to `onPost` once read; a number it
 * returns is the status to answer instead of 200 (to make a delivery fail).
 */
export async function startReceiver(path: string, onPost: (post: ReceivedPost) => unknown) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const status = onPost({ headers: req.headers, body });
      res.writeHead(typeof status === 'number' ? status : 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
