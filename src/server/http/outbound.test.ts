import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isUnreachable, outboundPolicy } from './outbound';

describe('where webhooks may go', () => {
  it('refuses loopback, link-local, unspecified and multicast addresses, in every spelling', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '0.0.0.0',
      '169.254.169.254',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::FFFF:169.254.169.254',
    ])
      expect(isUnreachable(address), address).toBe(true);
    for (const address of [
      '10.0.0.5',
      '172.16.3.4',
      '192.168.1.20',
      '8.8.8.8',
      'fd00::1',
      '2001:db8::1',
    ])
      expect(isUnreachable(address), address).toBe(false);
  });

  it('checks literal hosts at once and leaves intranet receivers alone', () => {
    const policy = outboundPolicy(null);
    const refusal = (url: string) => policy.refusal(new URL(url));
    expect(refusal('http://127.0.0.1:8787/hook')).toMatch(/loopback/);
    expect(refusal('http://localhost/hook')).toMatch(/loopback/);
    expect(refusal('http://api.localhost/hook')).toMatch(/loopback/);
    expect(refusal('http://[::1]/hook')).toMatch(/loopback/);
    expect(refusal('http://[::ffff:7f00:1]/hook')).toMatch(/loopback/);
    expect(refusal('http://169.254.169.254/latest/meta-data')).toMatch(/link-local/);
    expect(refusal('http://10.1.2.3/hook')).toBeNull();
    expect(refusal('https://chat.intranet.example/hooks/cop')).toBeNull();
  });

  it('with a host list, allows exactly those hosts, whatever their address', () => {
    const policy = outboundPolicy(['127.0.0.1', 'chat.example.com']);
    expect(policy.refusal(new URL('http://127.0.0.1:9/hook'))).toBeNull();
    expect(policy.refusal(new URL('https://CHAT.example.com/x'))).toBeNull();
    expect(policy.refusal(new URL('https://other.example.com/x'))).toMatch(/COP_WEBHOOK_HOSTS/);
  });

  it('posts to an allowed receiver, and refuses a loopback one before connecting', async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const init = { headers: {}, body: '{"ok":true}', signal: new AbortController().signal };
    try {
      expect(await outboundPolicy(['127.0.0.1']).post(url, init)).toBe(204);
      expect(received).toEqual(['{"ok":true}']);
      await expect(outboundPolicy(null).post(url, init)).rejects.toThrow(/loopback/);
      expect(received).toHaveLength(1);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('leaves out loopback addresses when a name is resolved for the connection', async () => {
    // "localhost" resolves through /etc/hosts; the connection's lookup must not hand it out.
    const resolve = (hosts: string[] | null) =>
      new Promise<string>((done) =>
        outboundPolicy(hosts).lookup('localhost', { all: true }, (error, addresses) =>
          done(error ? `refused: ${error.message}` : JSON.stringify(addresses)),
        ),
      );
    expect(await resolve(null)).toMatch(/^refused: localhost resolves to .*127\.0\.0\.1/);
    expect(await resolve(['localhost'])).toMatch(/127\.0\.0\.1/);
  });
});
