/** The rest of the coordinators' console over REST: questions (route, close), members, health, export and import, audit. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  AuditPage,
  HealthReport,
  ImportResult,
  MemberView,
  PracticeExport,
  RouteSuggestions,
} from '../../core/console-responses';
import { LIMITS } from '../../core/limits';
import { MembershipAnswer, QuestionAnswer } from '../../core/responses';
import {
  EntityId,
  HttpUrl,
  PracticeKind,
  PracticeStatus,
  Quote,
  Role,
  Slug,
  Tags,
  text,
} from '../../core/schemas';
import { requireCoordinator, requireUser } from '../domain/access';
import { listAudit } from '../domain/audit-trail';
import { transact } from '../domain/changes';
import { setMembership } from '../domain/communities';
import {
  EXPORT_FORMAT,
  exportPractices,
  importPractices,
  practicesToCsv,
  practicesToMarkdown,
} from '../domain/export';
import { communityHealth } from '../domain/health';
import { ensureNotMember, listMembers, userIdByEmail } from '../domain/members';
import { routeQuestion, setQuestionClosed, suggestRoutes } from '../domain/routing';
import { createRouter } from '../http/hono';
import { download, errorResponses as errors, jsonBody as json, jsonContent } from '../http/openapi';
import { communityListRoute, communityReadRoute } from './community-list';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
/** Any ISO 8601 instant, stored in the one form the store writes, so text order is time order. */
const Instant = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .meta({ example: '2025-03-01T09:30:00.000Z' });
const ImportedSource = z.object({
  url: HttpUrl,
  title: text(LIMITS.title).default(''),
  quote: Quote.optional(),
  practiceId: z.string().max(64).optional(),
});
const ImportedPerson = z.object({
  name: z.string().max(LIMITS.name),
  email: z.string().max(LIMITS.email),
});
/** The JSON export, as `GET /communities/{slug}/export?format=json` writes it. */
const PracticeImport = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  practices: z
    .array(
      z.object({
        id: EntityId,
        title: text(LIMITS.title, 1),
        body: text(LIMITS.body).default(''),
        kind: PracticeKind,
        tags: Tags.default([]),
        status: PracticeStatus.default('captured'),
        featured: z.boolean().default(false),
        source: ImportedSource.nullable().default(null),
        sources: z.array(ImportedSource).max(100).optional(),
        author: ImportedPerson,
        mergedInto: EntityId.optional(),
        endorsedBy: z.array(z.string().max(LIMITS.email)).max(2_000).optional(),
        createdAt: Instant,
        updatedAt: Instant,
      }),
    )
    .max(5_000),
  questions: z
    .array(
      z.object({
        id: EntityId,
        title: text(LIMITS.title, 1),
        body: text(LIMITS.body).default(''),
        tags: Tags.default([]),
        status: z.enum(['open', 'answered', 'closed']).default('open'),
        author: ImportedPerson,
        createdAt: Instant,
        updatedAt: Instant,
        answers: z
          .array(
            z.object({
              id: EntityId,
              body: text(LIMITS.body, 1),
              author: ImportedPerson,
              accepted: z.boolean().default(false),
              createdAt: Instant,
            }),
          )
          .max(1_000)
          .default([]),
      }),
    )
    .max(5_000)
    .optional(),
});

export function consoleRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/questions/{id}/route-suggestions',
      tags: ['questions'],
      summary: 'Who to route a question to: qualified experts spread by load, plus a rising member',
      request: { params: z.object({ id: EntityId }) },
      responses: {
        200: jsonContent(RouteSuggestions, 'Who to route to, pre-selected first'),
        ...errors,
      },
    }),
    async (c) =>
      c.json(await suggestRoutes(c.var.ctx, c.var.principal, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/questions/{id}/route',
      tags: ['questions'],
      summary: 'Route a question to members (coordinator); they see it with routed=1',
      request: {
        params: z.object({ id: EntityId }),
        body: json(z.object({ userIds: z.array(z.string().min(1).max(64)).min(1).max(10) })),
      },
      responses: { 200: jsonContent(QuestionAnswer, 'The question'), ...errors },
    }),
    async (c) => {
      const question = await transact(c.var.ctx, (trx) =>
        routeQuestion(trx, c.var.principal, c.req.valid('param').id, c.req.valid('json').userIds),
      );
      return c.json({ question }, 200);
    },
  );

  for (const closed of [true, false]) {
    app.openapi(
      createRoute({
        method: 'post',
        path: closed ? '/questions/{id}/close' : '/questions/{id}/reopen',
        tags: ['questions'],
        summary: closed
          ? 'Close a question: it takes no more answers (coordinator)'
          : 'Reopen a closed question (coordinator)',
        request: {
          params: z.object({ id: EntityId }),
          body: json(z.object({ note: text(LIMITS.note).optional() }), false),
        },
        responses: { 200: jsonContent(QuestionAnswer, 'The question'), ...errors },
      }),
      async (c) => {
        const note = c.req.valid('json')?.note;
        const question = await transact(c.var.ctx, (trx) =>
          setQuestionClosed(trx, c.var.principal, c.req.valid('param').id, closed, note),
        );
        return c.json({ question }, 200);
      },
    );
  }

  communityListRoute(
    app,
    {
      what: 'members',
      tags: ['members'],
      summary: 'Members with role, declared expertise and participation level (coordinator)',
      item: MemberView,
    },
    listMembers,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/communities/{slug}/members',
      tags: ['members'],
      summary: 'Add an existing account to the community by email (coordinator)',
      request: {
        params: z.object({ slug: Slug }),
        body: json(
          z.object({
            email: z.string().max(LIMITS.email).email('must be an email address'),
            role: Role.default('member'),
          }),
        ),
      },
      responses: { 201: jsonContent(MembershipAnswer, 'The membership'), ...errors },
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      const { email, role } = c.req.valid('json');
      const membership = await transact(c.var.ctx, async (trx) => {
        const { community } = await requireCoordinator(trx, c.var.principal, slug);
        const userId = await userIdByEmail(trx, email);
        await ensureNotMember(trx, community.id, userId);
        return setMembership(trx, c.var.principal, slug, userId, role);
      });
      return c.json({ membership }, 201);
    },
  );

  communityReadRoute(
    app,
    {
      what: 'health',
      tags: ['health'],
      summary: 'Captures, publishing, answers, participation and top contributors over a range',
      query: z.object({ from: Day, to: Day }),
      answer: HealthReport,
      description: 'The health report',
    },
    communityHealth,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/communities/{slug}/export',
      tags: ['health'],
      summary: 'Export practices as CSV, JSON (importable) or Markdown (coordinator)',
      request: {
        params: z.object({ slug: Slug }),
        query: z.object({
          format: z.enum(['json', 'csv', 'md']).default('json'),
          status: PracticeStatus.optional(),
        }),
      },
      responses: {
        200: download(
          'The file (an attachment)',
          ['application/json', 'text/csv', 'text/markdown'],
          PracticeExport,
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      const { format, status } = c.req.valid('query');
      const data = await exportPractices(c.var.ctx.storage.db, c.var.principal, slug, status);
      const name = `${slug}-practices-${data.exportedAt.slice(0, 10)}.${format}`;
      const [body, type] =
        format === 'csv'
          ? [practicesToCsv(data), 'text/csv; charset=utf-8']
          : format === 'md'
            ? [practicesToMarkdown(data), 'text/markdown; charset=utf-8']
            : [JSON.stringify(data, null, 2), 'application/json; charset=utf-8'];
      return c.body(body, 200, {
        'Content-Type': type,
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/communities/{slug}/import',
      tags: ['health'],
      summary:
        'Import a JSON export; practices already here (same id) are skipped. Only an admin’s import keeps authors, status and dates; anyone else’s become their own new captures',
      request: { params: z.object({ slug: Slug }), body: json(PracticeImport) },
      responses: { 200: jsonContent(ImportResult, 'What was created and skipped'), ...errors },
    }),
    async (c) => {
      requireUser(c.var.principal);
      const result = await transact(c.var.ctx, (trx) =>
        importPractices(trx, c.var.principal, c.req.valid('param').slug, c.req.valid('json')),
      );
      return c.json(result, 200);
    },
  );

  communityReadRoute(
    app,
    {
      what: 'audit',
      tags: ['audit'],
      summary: 'The audit log, newest first: who did what, when, before and after',
      query: z.object({
        before: z.coerce.number().int().min(1).optional(),
        action: z.string().max(40).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      answer: AuditPage,
      description: 'One page of the log',
    },
    listAudit,
  );

  return app;
}
