/** The review queue over REST: list with likely duplicates, review many at once, edit, merge, settle conflicts. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  BulkReviewAnswer,
  ConflictView,
  MergeAnswer,
  QueueList,
  ResolvedConflict,
} from '../../core/console-responses';
import { LIMITS } from '../../core/limits';
import { PracticeAnswer } from '../../core/responses';
import { EntityId, PracticePatch, PracticeStatus, ReviewAction, text } from '../../core/schemas';
import { transact } from '../domain/changes';
import {
  bulkReview,
  editPractice,
  listConflicts,
  resolveConflict,
  reviewQueue,
} from '../domain/curation';
import { mergePractices } from '../domain/merge';
import { createRouter } from '../http/hono';
import { errorResponses as errors, jsonBody as json, jsonContent } from '../http/openapi';
import { communityListRoute, communityReadRoute } from './community-list';

const Version = z.number().int().min(1);
const Target = z.object({ id: EntityId, baseVersion: Version });

export function curationRoutes() {
  const app = createRouter();

  communityReadRoute(
    app,
    {
      what: 'queue',
      tags: ['curation'],
      summary: 'The review queue: practices of one status, newest first, with likely duplicates',
      query: z.object({
        status: z.union([PracticeStatus, z.literal('all')]).default('captured'),
        limit: z.coerce.number().int().min(1).max(100).default(100),
      }),
      answer: QueueList,
      description: 'The queue, with likely duplicates',
    },
    async (db, principal, slug, query) => ({
      items: await reviewQueue(db, principal, slug, query),
    }),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/practices/bulk-review',
      tags: ['curation'],
      summary: 'Publish, feature, archive or reject several practices; each result is reported',
      request: {
        body: json(
          z
            .object({
              action: ReviewAction.shape.action,
              note: text(LIMITS.note).optional(),
              items: z.array(Target).min(1).max(100),
            })
            .refine((b) => b.action !== 'reject' || (b.note && b.note.length > 0), {
              message: 'a rejection needs a note telling the author why',
              path: ['note'],
            }),
        ),
      },
      responses: { 200: jsonContent(BulkReviewAnswer, 'One result per practice'), ...errors },
    }),
    async (c) => {
      const results = await transact(c.var.ctx, (trx) =>
        bulkReview(trx, c.var.principal, c.req.valid('json')),
      );
      return c.json({ results }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/practices/{id}',
      tags: ['curation'],
      summary:
        'Edit a practice from baseVersion (coordinator); 409 keeps both versions as a conflict',
      request: {
        params: z.object({ id: EntityId }),
        body: json(z.object({ baseVersion: Version, patch: PracticePatch })),
      },
      responses: { 200: jsonContent(PracticeAnswer, 'The edited practice'), ...errors },
    }),
    async (c) => {
      const { baseVersion, patch } = c.req.valid('json');
      const outcome = await transact(c.var.ctx, (trx) =>
        editPractice(trx, c.var.principal, c.req.valid('param').id, baseVersion, patch),
      );
      if (outcome.status === 'applied') return c.json({ practice: outcome.practice }, 200);
      // Not thrown: the conflict row must commit so neither version is lost.
      return c.json(
        {
          error: {
            code: 'edit_conflict',
            message: outcome.message,
            details: { conflict: outcome.conflict, practice: outcome.practice },
          },
        },
        409,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/practices/{id}/merge',
      tags: ['curation'],
      summary: 'Merge duplicates into this practice, keeping every source and endorsement',
      request: {
        params: z.object({ id: EntityId }),
        body: json(
          z.object({
            baseVersion: Version,
            duplicates: z.array(Target).min(1).max(20),
            note: text(LIMITS.note).optional(),
          }),
        ),
      },
      responses: {
        200: jsonContent(MergeAnswer, 'The practice the duplicates were merged into'),
        ...errors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const result = await transact(c.var.ctx, (trx) =>
        mergePractices(trx, c.var.principal, { targetId: c.req.valid('param').id, ...body }),
      );
      return c.json(result, 200);
    },
  );

  communityListRoute(
    app,
    {
      what: 'conflicts',
      tags: ['curation'],
      summary: 'Unresolved conflicting edits, with the practice as it is now',
      item: ConflictView,
    },
    listConflicts,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/conflicts/{id}/resolve',
      tags: ['curation'],
      summary: 'Keep the stored version, or apply the proposed edit on top of it',
      request: {
        params: z.object({ id: z.string().max(64) }),
        body: json(z.object({ keep: z.enum(['current', 'proposed']), baseVersion: Version })),
      },
      responses: {
        200: jsonContent(ResolvedConflict, 'The practice as kept, and the settled conflict'),
        ...errors,
      },
    }),
    async (c) => {
      const { keep, baseVersion } = c.req.valid('json');
      const result = await transact(c.var.ctx, (trx) =>
        resolveConflict(trx, c.var.principal, c.req.valid('param').id, keep, baseVersion),
      );
      return c.json(result, 200);
    },
  );

  return app;
}
