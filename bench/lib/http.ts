/** A keep-alive HTTP client that times each request from send to the last byte of the body. */
import http from 'node:http';

export interface TimedResponse {
  status: number;
  ms: number;
  /** Bytes of the body as received. */
  bytes: number;
  body: string;
}

export interface HttpClient {
  request(method: string, path: string, body?: unknown): Promise<TimedResponse>;
  close(): void;
}

/** One connection, reused: what a single client with keep-alive sees. */
export function httpClient(
  baseUrl: string,
  token?: string,
  extraHeaders: Record<string, string> = {},
): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(baseUrl);
  return {
    request(method, path, body) {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const req = http.request(
          {
            agent,
            host: base.hostname,
            port: base.port,
            method,
            path,
            headers: {
              ...extraHeaders,
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...(payload
                ? { 'content-type': 'application/json', 'content-length': payload.length }
                : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const ms = performance.now() - started;
              const data = Buffer.concat(chunks);
              resolve({
                status: res.statusCode ?? 0,
                ms,
                bytes: data.length,
                body: data.toString(),
              });
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Throws unless the response is 2xx: a benchmark of error responses would measure the wrong thing. */
export function expectOk(response: TimedResponse, what: string): TimedResponse {
  if (response.status < 200 || response.status >= 300)
    throw new Error(`${what} answered ${response.status}: ${response.body.slice(0, 300)}`);
  return response;
}
