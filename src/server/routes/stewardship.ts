/** Stewardship over REST: verify ("Still right"), "this helped", owners, tag stewards, the due queue, notifications, the sponsor's overview. */
import { createRoute, z } from '@hono/zod-openapi';
import { PracticeAnswer, PracticeView } from '../../core/responses';
import { EntityId, Slug } from '../../core/schemas';
import {
  HelpedAnswer,
  HelpedArgs,
  HelpedNotes,
  NotificationsAnswer,
  OverviewAnswer,
  OwnerArgs,
  SponsorAnswer,
  SponsorArgs,
  Steward,
  StewardArgs,
  StewardsAnswer,
} from '../../core/stewardship-schemas';
import { transact } from '../domain/changes';
import { overview, overviewToCsv, setSponsor } from '../domain/overview';
import { proposeArchive } from '../domain/practices';
import {
  dueQueue,
  helpedNotes,
  listNotifications,
  listStewards,
  markHelped,
  setOwner,
  setSteward,
  stewardship,
  verifyPractice,
} from '../domain/stewardship';
import { createRouter } from '../http/hono';
import { jsonBody as body, errorResponses as errors, jsonContent } from '../http/openapi';
import { communityListRoute } from './community-list';

const PracticeParam = z.object({ id: EntityId });
const CommunityParam = z.object({ slug: Slug });

export function stewardshipRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/practices/{id}/verify',
      tags: ['stewardship'],
      summary:
        'Mark a practice "Still right": sets verifiedAt and a new reviewDueAt (owner, coordinator)',
      request: { params: PracticeParam },
      responses: { 200: jsonContent(PracticeAnswer, '{practice}'), ...errors },
    }),
    async (c) => {
      const now = stewardship(c.var.ctx).now();
      const practice = await transact(c.var.ctx, (trx) =>
        verifyPractice(trx, c.var.principal, c.req.valid('param').id, now),
      );
      return c.json({ practice }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/practices/{id}/helped',
      tags: ['stewardship'],
      summary: 'Say a practice helped, optionally how; counted once per person (member)',
      request: { params: PracticeParam, body: body(HelpedArgs, false) },
      responses: { 200: jsonContent(HelpedAnswer, '{practice, counted}'), ...errors },
    }),
    async (c) => {
      const args = c.req.valid('json') ?? {};
      const result = await transact(c.var.ctx, (trx) =>
        markHelped(trx, c.var.principal, c.req.valid('param').id, args),
      );
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/practices/{id}/helped',
      tags: ['stewardship'],
      summary: 'How a practice helped people, without their names (owner, coordinator)',
      request: { params: PracticeParam },
      responses: {
        200: jsonContent(HelpedNotes, '{items}'),
        ...errors,
      },
    }),
    async (c) =>
      c.json(
        {
          items: await helpedNotes(c.var.ctx.storage.db, c.var.principal, c.req.valid('param').id),
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/practices/{id}/owner',
      tags: ['stewardship'],
      summary: 'Hand a practice to another member to keep right (coordinator)',
      request: { params: PracticeParam, body: body(OwnerArgs) },
      responses: { 200: jsonContent(PracticeAnswer, '{practice}'), ...errors },
    }),
    async (c) => {
      const practice = await transact(c.var.ctx, (trx) =>
        setOwner(trx, c.var.principal, c.req.valid('param').id, c.req.valid('json').owner),
      );
      return c.json({ practice }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/practices/{id}/propose-archive',
      tags: ['stewardship'],
      summary: 'Propose archiving a practice; a coordinator decides (owner, author, coordinator)',
      request: { params: PracticeParam },
      responses: { 200: jsonContent(PracticeAnswer, '{practice}'), ...errors },
    }),
    async (c) => {
      const practice = await transact(c.var.ctx, (trx) =>
        proposeArchive(trx, c.var.principal, c.req.valid('param').id),
      );
      return c.json({ practice }, 200);
    },
  );

  communityListRoute(
    app,
    {
      what: 'due',
      tags: ['stewardship'],
      summary: 'Practices due for review, longest overdue first (coordinator)',
      item: PracticeView,
      description: 'The practices due for review',
    },
    dueQueue,
  );

  communityListRoute(
    app,
    {
      what: 'stewards',
      tags: ['stewardship'],
      summary: 'The stewards of the community’s tags (member)',
      item: Steward,
    },
    listStewards,
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/communities/{slug}/stewards',
      tags: ['stewardship'],
      summary:
        'Name the steward of a tag, who owns its practices; userId null removes them (coordinator)',
      request: { params: CommunityParam, body: body(StewardArgs) },
      responses: { 200: jsonContent(StewardsAnswer, '{items}'), ...errors },
    }),
    async (c) => {
      const { tag, userId } = c.req.valid('json');
      const items = await transact(c.var.ctx, (trx) =>
        setSteward(trx, c.var.principal, c.req.valid('param').slug, tag, userId),
      );
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/notifications',
      tags: ['stewardship'],
      summary: 'What I was told, newest first (such as a practice of mine falling due)',
      responses: { 200: jsonContent(NotificationsAnswer, '{items}'), ...errors },
    }),
    async (c) =>
      c.json({ items: await listNotifications(c.var.ctx.storage.db, c.var.principal) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/users/{id}/sponsor',
      tags: ['stewardship'],
      summary:
        'Make a person a sponsor of some communities (or all, without communities), or not (admin)',
      request: { params: z.object({ id: EntityId }), body: body(SponsorArgs) },
      responses: { 200: jsonContent(SponsorAnswer, 'The sponsorship'), ...errors },
    }),
    async (c) => {
      const result = await transact(c.var.ctx, (trx) =>
        setSponsor(trx, c.var.principal, c.req.valid('param').id, c.req.valid('json')),
      );
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/overview',
      tags: ['stewardship'],
      summary:
        'Health, value and stewardship of each sponsored community, aggregated (sponsor, admin); format=csv or json downloads it as a file',
      request: { query: z.object({ format: z.enum(['json', 'csv']).optional() }) },
      responses: {
        200: {
          description: '{communities}, or the file asked for',
          content: {
            'application/json': { schema: OverviewAnswer },
            'text/csv': { schema: z.string() },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const data = await overview(
        c.var.ctx.storage.db,
        c.var.principal,
        stewardship(c.var.ctx).now(),
      );
      const { format } = c.req.valid('query');
      if (!format) return c.json(data, 200);
      const name = `overview-${data.generatedAt.slice(0, 10)}.${format}`;
      return c.body(format === 'csv' ? overviewToCsv(data) : JSON.stringify(data, null, 2), 200, {
        'Content-Type':
          format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      });
    },
  );

  return app;
}
