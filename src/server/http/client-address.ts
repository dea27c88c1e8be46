/**
 * The address a request came from. The socket's peer, unless that peer is a proxy the operator trusts
 * (COP_TRUST_PROXY): then the nearest X-Forwarded-For entry that is not itself a trusted proxy. Anyone
 * else's X-Forwarded-For is ignored — a client could name any address there and get a fresh window.
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

/** Parses COP_TRUST_PROXY: comma-separated addresses and CIDR ranges, or `loopback`. */
export function trustedProxies(list: string[]): BlockList | null {
  if (!list.length) return null;
  const trusted = new BlockList();
  for (const item of list) {
    if (item === 'loopback') {
      trusted.addSubnet('127.0.0.0', 8, 'ipv4');
      trusted.addAddress('::1', 'ipv6');
      continue;
    }
    const [address = '', bits] = item.split('/');
    const family = isIP(address);
    if (!family) throw new Error(`COP_TRUST_PROXY: "${item}" is not an address or CIDR range.`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) trusted.addAddress(address, type);
    else trusted.addSubnet(address, Number(bits), type);
  }
  return trusted;
}

const plain = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.)/i, '');

function isTrusted(trusted: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The client's address for this request (`local` when there is no socket, as in tests calling the app). */
export function clientAddress(c: Context, trusted: BlockList | null): string {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming?.socket;
  const peer = socket?.remoteAddress ? plain(socket.remoteAddress) : 'local';
  if (!trusted || !isTrusted(trusted, peer)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map(plain).filter(Boolean);
  // Right to left: each trusted proxy appended the address it saw; the first untrusted one is the client.
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i]!;
    if (!isIP(hop)) return peer;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return forwarded[0] ?? peer;
}
