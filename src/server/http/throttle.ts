/**
 * The store's throttles, one set per running store: sign-in attempts per account and per address, writes
 * per token, and event streams per token (how many at once and how many opened a minute). Every refusal
 * is 429 with `Retry-After`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config';
import type { Principal, StoreContext } from '../context';
import { clientAddress, trustedProxies } from './client-address';
import { tooManyRequests } from './errors';
import { RateLimiter } from './rate-limit';

const MINUTE = 60_000;
const LOGIN_WINDOW = 15 * MINUTE;

/** Who is asking, for the per-token limits: the API token, the embed token's person, or the address. */
function callerKey(principal: Principal | undefined, address: string): string {
  if (principal?.kind === 'user')
    return principal.tokenId ? `token:${principal.tokenId}` : `embed:${principal.user.id}`;
  return `address:${address}`;
}

export function createThrottle(config: Config['throttle'] & { trustProxy: string[] }) {
  const trusted = trustedProxies(config.trustProxy);
  const loginsPerAccount = new RateLimiter(config.loginsPerAccount, LOGIN_WINDOW);
  const loginsPerAddress = new RateLimiter(config.loginsPerAddress, LOGIN_WINDOW);
  const writes = new RateLimiter(config.writesPerMinute, MINUTE);
  const streamOpens = new RateLimiter(config.streamsPerToken * 10, MINUTE);
  /** Open event streams per caller; an entry leaves when its last stream ends, so this stays small. */
  const openStreams = new Map<string, number>();

  const address = (c: Context) => clientAddress(c, trusted);

  return {
    address,
    limiters: { loginsPerAccount, loginsPerAddress, writes, streamOpens },

    /** Counts a sign-in attempt; refuses when the account or the address has had too many. */
    loginAttempt(c: Context, email: string): { succeeded(): void } {
      const account = `account:${email}`;
      const wait = loginsPerAddress.hit(`address:${address(c)}`) ?? loginsPerAccount.hit(account);
      if (wait !== null)
        throw tooManyRequests(
          wait,
          'too_many_attempts',
          `Too many sign-in attempts. Try again in ${wait} seconds.`,
        );
      return { succeeded: () => loginsPerAccount.reset(account) };
    },

    /** Limits every write (anything but GET, HEAD and OPTIONS) per token. Runs after authentication. */
    writes: (async (c, next) => {
      const method = c.req.method;
      if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
        const wait = writes.hit(callerKey(c.get('principal'), address(c)));
        if (wait !== null)
          throw tooManyRequests(
            wait,
            'too_many_writes',
            `Too many writes with this token. Try again in ${wait} seconds.`,
          );
      }
      await next();
    }) as MiddlewareHandler,

    /** Admits one more event stream for this caller, or refuses; call the answer when it ends. */
    openStream(c: Context, principal: Principal): () => void {
      const key = callerKey(principal, address(c));
      const open = openStreams.get(key) ?? 0;
      const wait = open >= config.streamsPerToken ? 30 : streamOpens.hit(key);
      if (wait !== null)
        throw tooManyRequests(
          wait,
          'too_many_streams',
          `Too many live connections with this token (at most ${config.streamsPerToken} at once). Close a tab or try again in ${wait} seconds.`,
        );
      openStreams.set(key, open + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (openStreams.get(key) ?? 1) - 1;
        if (left > 0) openStreams.set(key, left);
        else openStreams.delete(key);
      };
    },
  };
}

export type Throttle = ReturnType<typeof createThrottle>;

const throttles = new WeakMap<StoreContext, Throttle>();

/** This store's throttle, made on first use from its settings. */
export function throttleFor(ctx: StoreContext): Throttle {
  let throttle = throttles.get(ctx);
  if (!throttle) {
    throttle = createThrottle({ ...ctx.config.throttle, trustProxy: ctx.config.trustProxy });
    throttles.set(ctx, throttle);
  }
  return throttle;
}
