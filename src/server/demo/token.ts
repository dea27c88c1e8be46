/**
 * `GET /demo/token`: a short-lived embed token for the demo page's widgets, so a visitor can ask and capture
 * in the demo community the way an intranet's backend would let its signed-in people do. It is signed with
 * the demo's own key (never COP_EMBED_SECRET) and acts in the demo community only (domain/access.ts).
 */
import { Hono } from 'hono';
import { SignJWT } from 'jose';
import type { StoreContext } from '../context';
import { DEMO_ISSUER } from '../http/embed-token';
import { demoSigningKey } from './secret';
import { DEMO_COMMUNITY } from './seed';

const LIFETIME_SECONDS = 60 * 60;

export function demoTokenRoutes(ctx: StoreContext) {
  const app = new Hono();
  app.get('/demo/token', async (c) => {
    const key = demoSigningKey(ctx);
    const demo = await ctx.storage.db
      .selectFrom('communities')
      .select('id')
      .where('slug', '=', DEMO_COMMUNITY)
      .executeTakeFirst();
    if (!key || !demo) {
      return c.json({ error: { code: 'not_found', message: 'This store has no demo.' } }, 404);
    }
    const token = await new SignJWT({
      email: 'visitor@demo.example',
      name: 'Demo visitor',
      communities: [DEMO_COMMUNITY],
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(DEMO_ISSUER)
      .setSubject('demo-visitor')
      .setIssuedAt()
      .setExpirationTime(`${LIFETIME_SECONDS}s`)
      .sign(await key);
    c.header('Cache-Control', 'no-store');
    return c.json({ token, expiresIn: LIFETIME_SECONDS });
  });
  return app;
}
