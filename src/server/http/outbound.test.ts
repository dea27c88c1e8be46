import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isUnreachable, outboundPolicy, type Resolver } from './outbound';

describe('where webhooks may go', () => {
  it('refuses private, reserved, loopback, link-local, CGNAT and unique-local addresses, in every spelling', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '0.0.0.0',
      '10.0.0.5',
      '172.16.3.4',
      '172.31.255.255',
      '192.168.1.20',
      '100.64.0.1',
      '100.127.255.254',
      '169.254.169.254',
      '198.18.0.1',
      '192.0.2.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '2001:db8::1',
      '::ffff:127.0.0.1',
      '::FFFF:169.254.169.254',
      '::ffff:7f00:1',
      '::ffff:a00:1',
      '::ffff:0:a9fe:a9fe',
      '::127.0.0.1',
      '64:ff9b::7f00:1',
      '64:ff9b::10.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b:1::c0a8:1',
      '2002:7f00:1::',
      '2002:a00:1::1',
      'not-an-address',
    ])
      expect(isUnreachable(address), address).toBe(true);
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '100.128.0.1',
      '172.32.0.1',
      '2001:4860:4860::8888',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
    ])
      expect(isUnreachable(address), address).toBe(false);
  });

  it('checks literal hosts at once, whatever form the address is written in', () => {
    const policy = outboundPolicy(null);
    const refusal = (url: string) => policy.refusal(new URL(url));
    for (const url of [
      'http://127.0.0.1:8787/hook',
      'http://localhost/hook',
      'http://api.localhost/hook',
      'http://[::1]/hook',
      'http://[::ffff:7f00:1]/hook',
      'http://[::ffff:10.1.2.3]/hook',
      'http://[64:ff9b::a9fe:a9fe]/hook',
      'http://[fd00::1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://2130706433/hook', // 127.0.0.1 in decimal
      'http://0x7f.0.0.1/hook', // in hex
      'http://0177.0.0.1/hook', // in octal
      'http://0xa9fea9fe/hook', // 169.254.169.254
      'http://10.1.2.3/hook',
      'http://100.100.100.100/hook',
      'http://192.168.0.1/hook',
    ])
      expect(refusal(url), url).toMatch(/private or reserved/);
    expect(refusal('http://8.8.8.8/hook')).toBeNull();
    expect(refusal('https://chat.example.com/hooks/cop')).toBeNull();
  });

  it('with a host list, allows exactly those hosts, whatever their address', () => {
    const policy = outboundPolicy(['127.0.0.1', 'chat.example.com', '10.1.2.3']);
    expect(policy.refusal(new URL('http://127.0.0.1:9/hook'))).toBeNull();
    expect(policy.refusal(new URL('http://10.1.2.3/hook'))).toBeNull();
    expect(policy.refusal(new URL('https://CHAT.example.com/x'))).toBeNull();
    expect(policy.refusal(new URL('https://other.example.com/x'))).toMatch(/COP_WEBHOOK_HOSTS/);
    expect(policy.refusal(new URL('http://10.1.2.4/hook'))).toMatch(/COP_WEBHOOK_HOSTS/);
  });
});

describe('sending to a resolved name', () => {
  let server: Server | undefined;
  let connections = 0;
  const received: string[] = [];
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
    connections = 0;
    received.length = 0;
  });

  /** A receiver on loopback that counts every connection made to it. */
  async function receiver(): Promise<number> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push(body);
        res.writeHead(204).end();
      });
    });
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return (server.address() as AddressInfo).port;
  }
  /** A DNS that answers every name with the given addresses, and counts the questions. */
  const dns = (...addresses: string[]) => {
    const asked: string[] = [];
    const resolve: Resolver = async (name) => {
      asked.push(name);
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { resolve, asked };
  };
  const init = () => ({
    headers: {},
    body: '{"ok":true}',
    signal: new AbortController().signal,
  });

  it('refuses a name that resolves to the inside before any connection is made', async () => {
    const port = await receiver();
    for (const answer of [['127.0.0.1'], ['::ffff:127.0.0.1'], ['10.0.0.7', '127.0.0.1']]) {
      const { resolve, asked } = dns(...answer);
      const sending = outboundPolicy(null, resolve).post(
        `http://hooks.example.com:${port}/hook`,
        init(),
      );
      await expect(sending).rejects.toThrow(/which webhooks may not reach/);
      expect(asked).toEqual(['hooks.example.com']);
    }
    expect(connections).toBe(0);
    expect(received).toEqual([]);
  });

  it('connects to the address it checked (pinned), not to whatever DNS says next', async () => {
    const port = await receiver();
    // The receiver is listed, so its loopback address is allowed; the name exists only in this test's DNS,
    // so reaching the receiver proves the connection used the checked answer.
    const { resolve, asked } = dns('127.0.0.1');
    const policy = outboundPolicy(['hooks.test'], resolve);
    expect(await policy.post(`http://hooks.test:${port}/hook`, init())).toBe(204);
    expect(received).toEqual(['{"ok":true}']);
    expect(asked).toEqual(['hooks.test']);
  });

  it('sends to a listed loopback receiver, and refuses an unlisted one before connecting', async () => {
    const port = await receiver();
    const url = `http://127.0.0.1:${port}/hook`;
    expect(await outboundPolicy(['127.0.0.1']).post(url, init())).toBe(204);
    await expect(outboundPolicy(null).post(url, init())).rejects.toThrow(/private or reserved/);
    expect(connections).toBe(1);
  });

  it('leaves out loopback addresses when a name is resolved for the connection', async () => {
    const resolved = (hosts: string[] | null) =>
      new Promise<string>((done) =>
        outboundPolicy(hosts, dns('127.0.0.1', '::1').resolve).lookup(
          'localhost',
          { all: true },
          (error, addresses) =>
            done(error ? `refused: ${error.message}` : JSON.stringify(addresses)),
        ),
      );
    expect(await resolved(null)).toMatch(/^refused: localhost resolves to 127\.0\.0\.1, ::1/);
    expect(await resolved(['localhost'])).toMatch(/127\.0\.0\.1/);
  });
});
