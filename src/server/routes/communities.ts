/** Communities, their members and their contextual prompt rules. */
import { createRoute, z } from '@hono/zod-openapi';
import { DirectoryEntrySchema } from '../../core/accounts';
import { LIMITS } from '../../core/limits';
import {
  CommunityAnswer,
  CommunityView,
  MembershipAnswer,
  PromptRuleAnswer,
  PromptRuleView,
} from '../../core/responses';
import { CommunityPatch, PromptRuleArgs, Role, Slug, text } from '../../core/schemas';
import { requireAdmin } from '../domain/access';
import { transact } from '../domain/changes';
import {
  createCommunity,
  listCommunities,
  setMembership,
  updateCommunity,
} from '../domain/communities';
import { directory } from '../domain/directory';
import { listPromptRules, savePromptRule } from '../domain/prompts';
import { createRouter } from '../http/hono';
import { errorResponses as errors, jsonBody as json, jsonContent } from '../http/openapi';
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
      responses: { 201: jsonContent(CommunityAnswer, 'The community'), ...errors },
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
      summary:
        'Communities the caller reads; with scope=all, the directory: every community, its coordinators, size, recent activity and the caller’s state',
      request: {
        query: z.object({
          scope: z
            .enum(['mine', 'all'])
            .optional()
            .meta({ description: '`all` lists every community a signed-in person may join' }),
        }),
      },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(z.union([DirectoryEntrySchema, CommunityView])) }),
          'The communities the caller reads, or with scope=all the directory',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { db } = c.var.ctx.storage;
      if (c.req.valid('query').scope === 'all')
        return c.json({ items: await directory(db, c.var.principal) }, 200);
      return c.json({ items: await listCommunities(db, c.var.principal) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/communities/{slug}',
      tags: ['communities'],
      summary:
        'Edit a community’s name, domain, openness, anonymous reading, review interval and routing (its coordinators, admins)',
      request: {
        params: z.object({ slug: Slug }),
        body: json(CommunityPatch),
      },
      responses: { 200: jsonContent(CommunityAnswer, 'The community'), ...errors },
    }),
    async (c) => {
      const community = await transact(c.var.ctx, (trx) =>
        updateCommunity(trx, c.var.principal, c.req.valid('param').slug, c.req.valid('json')),
      );
      return c.json({ community }, 200);
    },
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
      responses: { 200: jsonContent(MembershipAnswer, 'The membership'), ...errors },
    }),
    async (c) => {
      const { slug, userId } = c.req.valid('param');
      const membership = await transact(c.var.ctx, (trx) =>
        setMembership(trx, c.var.principal, slug, userId, c.req.valid('json').role),
      );
      return c.json({ membership }, 200);
    },
  );

  communityListRoute(
    app,
    {
      what: 'prompts',
      tags: ['prompts'],
      summary: 'The community’s contextual prompt rules',
      item: PromptRuleView,
    },
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
      responses: { 200: jsonContent(PromptRuleAnswer, 'The rule'), ...errors },
    }),
    async (c) => {
      const args = { ...c.req.valid('json'), community: c.req.valid('param').slug };
      const prompt = await transact(c.var.ctx, (trx) => savePromptRule(trx, c.var.principal, args));
      return c.json({ prompt }, 200);
    },
  );

  return app;
}
