/**
 * Requests the store makes to addresses a coordinator typed (webhooks). A coordinator is not an admin, so
 * such a request must not reach what only the store's machine can: its own loopback services, link-local
 * addresses (the cloud metadata service at 169.254.169.254) or unspecified and multicast addresses.
 * Intranet receivers on private ranges stay allowed — that is where a community's chat server lives.
 * With `COP_WEBHOOK_HOSTS` set, only the hosts listed there are allowed, whatever their address.
 *
 * Names are checked where the connection resolves them, so DNS cannot answer differently after the check.
 */
import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

const unreachable = new BlockList();
unreachable.addSubnet('0.0.0.0', 8, 'ipv4');
unreachable.addSubnet('127.0.0.0', 8, 'ipv4');
unreachable.addSubnet('169.254.0.0', 16, 'ipv4');
unreachable.addSubnet('224.0.0.0', 3, 'ipv4');
unreachable.addAddress('::', 'ipv6');
unreachable.addAddress('::1', 'ipv6');
unreachable.addSubnet('fe80::', 10, 'ipv6');
unreachable.addSubnet('ff00::', 8, 'ipv6');

/** True for an address a webhook may not reach (IPv4-mapped IPv6 addresses count as their IPv4 address). */
export function isUnreachable(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return unreachable.check(mapped, 'ipv4');
  return unreachable.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** `allowedHosts`: the COP_WEBHOOK_HOSTS list (host names or addresses, lower case), or null for any host. */
export function outboundPolicy(allowedHosts: string[] | null) {
  const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

  /** Why this URL may not receive requests, or null; names are resolved (and checked) when sending. */
  function refusal(url: URL): string | null {
    const host = hostOf(url);
    if (allowedHosts) {
      return allowedHosts.includes(host)
        ? null
        : `${host} is not among the hosts this store sends webhooks to (COP_WEBHOOK_HOSTS).`;
    }
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isUnreachable(host)))
      return `${host} is a loopback, link-local or reserved address; webhooks go to other machines.`;
    return null;
  }

  /** dns.lookup that leaves out addresses a webhook may not reach, and fails when none is left. */
  function guardedLookup(
    hostname: string,
    options: LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ) {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const usable = allowedHosts ? addresses : addresses.filter((a) => !isUnreachable(a.address));
      const first = usable[0];
      if (!first) {
        const refused = new Error(
          `${hostname} resolves to ${addresses.map((a) => a.address).join(', ')}, which webhooks may not reach.`,
        ) as NodeJS.ErrnoException;
        refused.code = 'EADDRNOTAVAIL';
        return callback(refused, '');
      }
      if (options.all) callback(null, usable);
      else callback(null, first.address, first.family);
    });
  }

  /** POSTs `body` and answers the status; no redirects are followed (they could lead anywhere). */
  function post(
    url: string,
    init: { headers: Record<string, string>; body: string; signal: AbortSignal },
  ): Promise<number> {
    const target = new URL(url);
    const why = refusal(target);
    if (why) return Promise.reject(new Error(why));
    const send = target.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const request = send(
        target,
        {
          method: 'POST',
          headers: { ...init.headers, 'Content-Length': Buffer.byteLength(init.body) },
          signal: init.signal,
          lookup: guardedLookup as typeof lookup,
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end(init.body);
    });
  }

  return { refusal, post, lookup: guardedLookup };
}

export type OutboundPolicy = ReturnType<typeof outboundPolicy>;
