/** Community webhooks over REST: configure them, send a test, read and retry the delivery log. */
import { createRoute, z } from '@hono/zod-openapi';
import { DeliveryLog, Queued, Webhook, WebhookAnswer } from '../../core/console-responses';
import { HttpUrl, Slug } from '../../core/schemas';
import { transact } from '../domain/changes';
import { deliveryLog, webhookDispatcher } from '../domain/webhook-delivery';
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  queueTestDelivery,
  retryDelivery,
  updateWebhook,
  WEBHOOK_EVENTS,
} from '../domain/webhooks';
import { createRouter } from '../http/hono';
import {
  errorResponses as errors,
  jsonBody as json,
  jsonContent,
  noContent,
} from '../http/openapi';
import { outboundPolicy } from '../http/outbound';
import { communityListRoute } from './community-list';

const Events = z
  .array(z.enum(WEBHOOK_EVENTS.filter((e) => e !== 'ping') as [string, ...string[]]))
  .min(1, 'choose at least one event')
  .transform((events) => [...new Set(events)] as (typeof WEBHOOK_EVENTS)[number][]);
const HookParams = z.object({ slug: Slug, id: z.string().min(1).max(64) });

export function webhookRoutes() {
  const app = createRouter();

  communityListRoute(
    app,
    {
      what: 'webhooks',
      tags: ['webhooks'],
      summary: 'The community’s webhooks, with their signing secrets (coordinator)',
      item: Webhook,
    },
    listWebhooks,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/communities/{slug}/webhooks',
      tags: ['webhooks'],
      summary: 'Add a webhook (Slack- and Teams-compatible JSON, signed with HMAC-SHA256)',
      request: {
        params: z.object({ slug: Slug }),
        body: json(z.object({ url: HttpUrl, events: Events, enabled: z.boolean().default(true) })),
      },
      responses: { 201: jsonContent(WebhookAnswer, 'The webhook'), ...errors },
    }),
    async (c) => {
      const webhook = await transact(c.var.ctx, (trx) =>
        createWebhook(
          trx,
          c.var.principal,
          c.req.valid('param').slug,
          c.req.valid('json'),
          outboundPolicy(c.var.ctx.config.webhookHosts),
        ),
      );
      return c.json({ webhook }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/communities/{slug}/webhooks/{id}',
      tags: ['webhooks'],
      summary: 'Change a webhook’s URL, events or state, or rotate its secret',
      request: {
        params: HookParams,
        body: json(
          z.object({
            url: HttpUrl.optional(),
            events: Events.optional(),
            enabled: z.boolean().optional(),
            rotateSecret: z.boolean().optional(),
          }),
        ),
      },
      responses: { 200: jsonContent(WebhookAnswer, 'The webhook'), ...errors },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      const webhook = await transact(c.var.ctx, (trx) =>
        updateWebhook(
          trx,
          c.var.principal,
          slug,
          id,
          c.req.valid('json'),
          outboundPolicy(c.var.ctx.config.webhookHosts),
        ),
      );
      return c.json({ webhook }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/communities/{slug}/webhooks/{id}',
      tags: ['webhooks'],
      summary: 'Remove a webhook and its delivery log',
      request: { params: HookParams },
      responses: { 204: noContent('Removed'), ...errors },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      await transact(c.var.ctx, (trx) => deleteWebhook(trx, c.var.principal, slug, id));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/communities/{slug}/webhooks/{id}/test',
      tags: ['webhooks'],
      summary: 'Send a test message (event "ping") to this webhook',
      request: { params: HookParams },
      responses: { 202: jsonContent(Queued, 'Queued'), ...errors },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      await transact(c.var.ctx, (trx) => queueTestDelivery(trx, c.var.principal, slug, id));
      webhookDispatcher(c.var.ctx)?.kick(0);
      return c.json({ queued: 1 }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/communities/{slug}/webhooks/{id}/deliveries',
      tags: ['webhooks'],
      summary: 'The delivery log: newest deliveries with every attempt',
      request: {
        params: HookParams,
        query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      },
      responses: { 200: jsonContent(DeliveryLog, 'The newest deliveries'), ...errors },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return c.json(
        {
          items: await deliveryLog(
            c.var.ctx.storage.db,
            c.var.principal,
            slug,
            id,
            c.req.valid('query').limit,
          ),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/communities/{slug}/webhooks/{id}/deliveries/{deliveryId}/retry',
      tags: ['webhooks'],
      summary: 'Send a failed delivery again now',
      request: { params: HookParams.extend({ deliveryId: z.string().min(1).max(64) }) },
      responses: { 202: jsonContent(Queued, 'Queued'), ...errors },
    }),
    async (c) => {
      const { slug, id, deliveryId } = c.req.valid('param');
      await transact(c.var.ctx, (trx) => retryDelivery(trx, c.var.principal, slug, id, deliveryId));
      webhookDispatcher(c.var.ctx)?.kick(0);
      return c.json({ queued: 1 }, 202);
    },
  );

  return app;
}
