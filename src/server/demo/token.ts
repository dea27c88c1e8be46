/**
 * `GET /demo/token`: a short-lived embed token for the demo page's widgets, so a visitor can ask and capture
 * in the demo community the way an intranet's backend would let its signed-in people do.
 */
import { Hono } from 'hono';
import { SignJWT } from 'jose';
import type { StoreContext } from '../context';
import { DEMO_COMMUNITY } from './seed';

const LIFETIME_SECONDS = 60 * 60;

export function demoTokenRoutes(ctx: StoreContext) {
  const app = new Hono();
  app.get('/demo/token', async (c) => {
    const secret = ctx.config.embedSecret;
    const demo = await ctx.storage.db
      .selectFrom('communities')
      .select('id')
      .where('slug', '=', DEMO_COMMUNITY)
      .executeTakeFirst();
    if (!ctx.config.demo || !secret || !demo) {
      return c.json({ error: { code: 'not_found', message: 'This store has no demo.' } }, 404);
    }
    const token = await new SignJWT({
      email: 'visitor@demo.example',
      name: 'Demo visitor',
      communities: [DEMO_COMMUNITY],
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('demo-visitor')
      .setIssuedAt()
      .setExpirationTime(`${LIFETIME_SECONDS}s`)
      .sign(new TextEncoder().encode(secret));
    c.header('Cache-Control', 'no-store');
    return c.json({ token, expiresIn: LIFETIME_SECONDS });
  });
  return app;
}
