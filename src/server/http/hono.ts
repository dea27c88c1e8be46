/** The typed Hono app used by every route module: the caller is resolved once, invalid input becomes a 400. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Principal, StoreContext } from '../context';
import type { Stamp } from '../storage/database';
import { AppError, describeIssues } from './errors';

export interface Env {
  Variables: { principal: Principal; ctx: StoreContext; requestId: string; stamp: Stamp };
}

export function createRouter() {
  return new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) {
        const where =
          result.target === 'query' ? 'query ' : result.target === 'param' ? 'path ' : '';
        throw new AppError(
          400,
          'invalid_request',
          `Invalid ${where}input: ${describeIssues(result.error.issues)}`,
        );
      }
    },
  });
}
