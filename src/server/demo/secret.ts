/**
 * The demo's own signing key: generated once per store and kept in the database (store_secrets), so demo
 * tokens never share COP_EMBED_SECRET and every process on one database signs and checks the same way.
 */
import { randomBytes } from 'node:crypto';
import { nowIso, type StoreContext } from '../context';

const NAME = 'demo-signing-key';
const keys = new WeakMap<StoreContext, Promise<Uint8Array>>();

/** The key demo tokens are signed with, or null when the demo is off (then no demo token is valid). */
export function demoSigningKey(ctx: StoreContext): Promise<Uint8Array> | null {
  if (!ctx.config.demo) return null;
  let key = keys.get(ctx);
  if (!key) {
    key = loadOrCreate(ctx);
    keys.set(ctx, key);
    key.catch(() => keys.delete(ctx));
  }
  return key;
}

async function loadOrCreate(ctx: StoreContext): Promise<Uint8Array> {
  const { db } = ctx.storage;
  await db
    .insertInto('store_secrets')
    .values({ name: NAME, value: randomBytes(32).toString('base64url'), created_at: nowIso() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('store_secrets')
    .select('value')
    .where('name', '=', NAME)
    .executeTakeFirstOrThrow();
  return new Uint8Array(Buffer.from(row.value, 'base64url'));
}
