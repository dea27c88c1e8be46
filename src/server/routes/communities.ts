/** Communities, their members and their contextual prompt rules. */
import { createRoute, z } from '@hono/zod-openapi';
import { LIMITS } from '../../core/limits';
import { PromptRuleArgs, Role, Slug, text } from '../../core/schemas';
import { requireAdmin } from '../domain/access';
import { transact } from '../domain/changes';
import { createCommunity, listCommunities, setMembership } from '../domain/communities';
import { listPromptRules, savePromptRule } from '../domain/prompts';
import { createRouter } from '../http/hono';
import { errorResponses as errors, jsonBody as json } from '../http/openapi';
import { communityListRoute } from './community-list';

export function communityRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/communities',
      tags: ['communities'],
      summary: 'Create a community (admin)',
      request: {
        body: json(
          z.object({
            slug: Slug,
            name: text(LIMITS.name, 1),
            domain: text(LIMITS.note, 1).meta({
              description: 'The shared domain: the area of inquiry and its key issues',
            }),
            anonymousRead: z.boolean().optional(),
          }),
        ),
      },
      responses: { 201: { description: 'The community' }, ...errors },
    }),
    async (c) => {
      requireAdmin(c.var.principal);
      const community = await transact(c.var.ctx, (trx) =>
        createCommunity(trx, c.req.valid('json')),
      );
      return c.json({ community }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/communities',
      tags: ['communities'],
      summary: 'Communities the caller reads',
      responses: { 200: { description: '{items}' }, ...errors },
    }),
    async (c) => c.json({ items: await listCommunities(c.var.ctx.storage.db, c.var.principal) }),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/communities/{slug}/members/{userId}',
      tags: ['communities'],
      summary: 'Add a member or change a role (admin or coordinator)',
      request: {
        params: z.object({ slug: Slug, userId: z.string().max(64) }),
        body: json(z.object({ role: Role })),
      },
      responses: { 200: { description: 'The membership' }, ...errors },
    }),
    async (c) => {
      const { slug, userId } = c.req.valid('param');
      const membership = await transact(c.var.ctx, (trx) =>
        setMembership(trx, c.var.principal, slug, userId, c.req.valid('json').role),
      );
      return c.json({ membership });
    },
  );

  communityListRoute(
    app,
    { what: 'prompts', tags: ['prompts'], summary: 'The community’s contextual prompt rules' },
    listPromptRules,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/communities/{slug}/prompts',
      tags: ['prompts'],
      summary: 'Create or update a prompt rule (coordinator)',
      request: {
        params: z.object({ slug: Slug }),
        body: json(PromptRuleArgs.omit({ community: true })),
      },
      responses: { 200: { description: 'The rule' }, ...errors },
    }),
    async (c) => {
      const args = { ...c.req.valid('json'), community: c.req.valid('param').slug };
      const prompt = await transact(c.var.ctx, (trx) => savePromptRule(trx, c.var.principal, args));
      return c.json({ prompt });
    },
  );

  return app;
}
