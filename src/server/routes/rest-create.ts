/** A REST create, shared by practices, questions and answers: one transaction, `Idempotency-Key`, 201. */
import type { Context } from 'hono';
import type { Db } from '../context';
import { requireUser } from '../domain/access';
import { transact } from '../domain/changes';
import type { Env } from '../http/hono';
import { idempotent } from '../http/idempotency';

/** Runs `create` once per Idempotency-Key and answers `201 {[name]: entity}` (a retry gets the first answer). */
export async function restCreate(
  c: Context<Env>,
  name: string,
  create: (trx: Db) => Promise<unknown>,
) {
  const { user } = requireUser(c.var.principal);
  const response = await transact(c.var.ctx, (trx) =>
    idempotent(trx, user.id, c.req.header('idempotency-key'), async () => ({
      status: 201,
      body: { [name]: await create(trx) },
    })),
  );
  return c.json(response.body as object, response.status as 201);
}
