/**
 * Requests the store makes to addresses a coordinator typed (webhooks). A coordinator is not an admin, so
 * such a request must not reach the inside: the store's own loopback services, the cloud metadata service
 * (link-local), private, CGNAT, unique-local or otherwise reserved addresses — in any spelling (decimal,
 * octal or hex IPv4, IPv4-mapped or NAT64 IPv6). A host the operator lists in `COP_WEBHOOK_HOSTS` is the
 * exception (an intranet chat server); with that list set, only the hosts listed are allowed at all.
 *
 * Names are resolved by the connection's own lookup, which checks every address and hands the connection
 * only checked ones: the socket connects to the address that was checked, so DNS rebinding cannot answer
 * differently between the check and the connection.
 */
import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/** IPv4 ranges no webhook may reach (RFC 6890 special-purpose registry, plus private and CGNAT). */
const blockedV4 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const)
  blockedV4.addSubnet(net, bits, 'ipv4');

/** IPv6 ranges no webhook may reach; ranges that embed an IPv4 address are checked by that address. */
const blockedV6 = new BlockList();
for (const [net, bits] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo and more)
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  blockedV6.addSubnet(net, bits, 'ipv6');

/** The 16 bytes of an IPv6 address (Node has validated it), or null if it does not parse. */
function ipv6Bytes(address: string): number[] | null {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) =>
    s ? s.split(':').map((h) => Number.parseInt(h, 16)) : [];
  const left = part(head);
  const right = part(tail);
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff))
    return null;
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

const v4 = (bytes: number[], at: number) => bytes.slice(at, at + 4).join('.');
const zeros = (bytes: number[], from: number, to: number) =>
  bytes.slice(from, to).every((b) => b === 0);

/** The IPv4 address an IPv6 address stands for (mapped, NAT64 or 6to4), if it embeds one. */
function embeddedIpv4(bytes: number[]): string | null {
  // ::ffff:a.b.c.d (IPv4-mapped) and ::ffff:0:a.b.c.d (IPv4-translated)
  if (zeros(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(bytes, 12);
  if (zeros(bytes, 0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(bytes, 10, 12))
    return v4(bytes, 12);
  // 64:ff9b::/96 (well-known NAT64) and 64:ff9b:1::/48 (local-use NAT64: the IPv4 address sits last)
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b)
    return v4(bytes, 12);
  // 2002::/16 (6to4): the IPv4 address follows the prefix
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(bytes, 2);
  return null;
}

/**
 * True for an address a webhook may not reach. Takes an IP address as `net` prints it; anything that is
 * not an IP address counts as unreachable (a caller should have resolved it first).
 */
export function isUnreachable(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return blockedV4.check(bare, 'ipv4');
  if (family !== 6) return true;
  const bytes = ipv6Bytes(bare.replace(/%.*$/, ''));
  if (!bytes) return true;
  const inner = embeddedIpv4(bytes);
  if (inner) return blockedV4.check(inner, 'ipv4');
  return blockedV6.check(bare.replace(/%.*$/, ''), 'ipv6');
}

/** Resolves a name to every address, the way `dns.lookup(name, {all: true})` does; replaceable in tests. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    lookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** Thrown when a target is refused before any connection is made. */
export class RefusedTarget extends Error {
  readonly code = 'EADDRNOTAVAIL';
}

/**
 * `allowedHosts`: the COP_WEBHOOK_HOSTS list (host names or addresses, lower case), or null.
 * `resolve`: how names become addresses (tests answer with addresses of their choosing).
 */
export function outboundPolicy(allowedHosts: string[] | null, resolve: Resolver = systemResolver) {
  // The WHATWG URL parser has already turned 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1.
  const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const listed = (host: string) => allowedHosts?.includes(host.toLowerCase()) ?? false;

  /** Why this URL may not receive requests, or null; names are resolved (and checked) when sending. */
  function refusal(url: URL): string | null {
    const host = hostOf(url);
    if (listed(host)) return null;
    if (allowedHosts)
      return `${host} is not among the hosts this store sends webhooks to (COP_WEBHOOK_HOSTS).`;
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isUnreachable(host)))
      return `${host} is a loopback, link-local, private or reserved address; webhooks go to public receivers unless the operator lists the host in COP_WEBHOOK_HOSTS.`;
    return null;
  }

  /** dns.lookup for the connection: only checked addresses come out, and none at all means refusal. */
  function guardedLookup(
    hostname: string,
    options: LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ) {
    resolve(hostname).then(
      (addresses) => {
        const usable = listed(hostname)
          ? addresses
          : addresses.filter((a) => !isUnreachable(a.address));
        const first = usable[0];
        if (!first)
          return callback(
            new RefusedTarget(
              `${hostname} resolves to ${addresses.map((a) => a.address).join(', ')}, which webhooks may not reach.`,
            ),
            '',
          );
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  }

  // A pool of its own whose every connection resolves through the guarded lookup (the pin).
  const agents = {
    'http:': new http.Agent({ lookup: guardedLookup as typeof lookup }),
    'https:': new https.Agent({ lookup: guardedLookup as typeof lookup }),
  };

  /** POSTs `body` and answers the status; no redirects are followed (they could lead anywhere). */
  function post(
    url: string,
    init: { headers: Record<string, string>; body: string; signal: AbortSignal },
  ): Promise<number> {
    const target = new URL(url);
    const why = refusal(target);
    if (why) return Promise.reject(new RefusedTarget(why));
    const secure = target.protocol === 'https:';
    const send = secure ? https.request : http.request;
    return new Promise((done, fail) => {
      const request = send(
        target,
        {
          method: 'POST',
          headers: { ...init.headers, 'Content-Length': Buffer.byteLength(init.body) },
          signal: init.signal,
          agent: secure ? agents['https:'] : agents['http:'],
          lookup: guardedLookup as typeof lookup,
        },
        (response) => {
          response.resume();
          done(response.statusCode ?? 0);
        },
      );
      request.on('error', fail);
      request.end(init.body);
    });
  }

  return { refusal, post, lookup: guardedLookup };
}

export type OutboundPolicy = ReturnType<typeof outboundPolicy>;
