/** Joining and leaving communities, requests to join, removing members, member search and invitations. */
import { createRoute, z } from '@hono/zod-openapi';
import { AccountAnswers, InvitationSchema, JoinRequestSchema } from '../../core/accounts';
import { LIMITS } from '../../core/limits';
import { MembershipAnswer } from '../../core/responses';
import { Role, Slug } from '../../core/schemas';
import { requireUser } from '../domain/access';
import { transact } from '../domain/changes';
import { searchPeople } from '../domain/directory';
import {
  acceptInvitation,
  createInvitation,
  invitationUrl,
  listInvitations,
  lookUpInvitation,
} from '../domain/invitations';
import {
  decideJoinRequest,
  joinCommunity,
  leaveCommunity,
  listJoinRequests,
  removeMember,
} from '../domain/joining';
import { createRouter } from '../http/hono';
import {
  errorResponses as errors,
  jsonBody as json,
  jsonContent,
  noContent,
} from '../http/openapi';
import { communityListRoute, communityReadRoute } from './community-list';

const InvitationToken = z.string().max(200);

export function joiningRoutes() {
  const app = createRouter();
  const bySlug = z.object({ slug: Slug });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/communities/{slug}/join',
      tags: ['communities'],
      summary:
        'Join an open community (200, the membership) or ask to join a closed one (202, no access until a coordinator approves)',
      request: { params: bySlug },
      responses: {
        200: jsonContent(MembershipAnswer, 'The membership'),
        202: jsonContent(AccountAnswers.joinRequest, 'The request to join'),
        ...errors,
      },
    }),
    async (c) => {
      const outcome = await transact(c.var.ctx, (trx) =>
        joinCommunity(trx, c.var.principal, c.req.valid('param').slug),
      );
      return outcome.status === 200
        ? c.json({ membership: outcome.membership }, 200)
        : c.json({ request: outcome.request }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/communities/{slug}/leave',
      tags: ['communities'],
      summary: 'Leave a community, or withdraw a request to join it',
      request: { params: bySlug },
      responses: {
        200: jsonContent(
          AccountAnswers.left,
          'Whether a membership ended and whether a pending request was withdrawn',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const result = await transact(c.var.ctx, (trx) =>
        leaveCommunity(trx, c.var.principal, c.req.valid('param').slug),
      );
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/communities/{slug}/members/{userId}',
      tags: ['communities'],
      summary:
        'Remove a member (admin or coordinator): their access ends with their next request; what they wrote stays',
      request: { params: z.object({ slug: Slug, userId: z.string().max(64) }) },
      responses: { 204: noContent('Removed'), ...errors },
    }),
    async (c) => {
      const { slug, userId } = c.req.valid('param');
      await transact(c.var.ctx, (trx) => removeMember(trx, c.var.principal, slug, userId));
      return c.body(null, 204);
    },
  );

  communityListRoute(
    app,
    {
      what: 'requests',
      tags: ['communities'],
      summary: 'Pending requests to join (coordinator)',
      item: JoinRequestSchema,
      description: 'Pending requests to join',
    },
    listJoinRequests,
  );

  for (const approve of [true, false]) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/communities/{slug}/requests/{id}/${approve ? 'approve' : 'decline'}`,
        tags: ['communities'],
        summary: approve
          ? 'Approve a request to join (coordinator): the person becomes a member and is told'
          : 'Decline a request to join (coordinator): the person is told',
        request: { params: z.object({ slug: Slug, id: z.string().max(64) }) },
        responses: {
          200: jsonContent(
            AccountAnswers.decided,
            'The decided request, and the membership when approved',
          ),
          ...errors,
        },
      }),
      async (c) => {
        const { slug, id } = c.req.valid('param');
        const result = await transact(c.var.ctx, (trx) =>
          decideJoinRequest(trx, c.var.principal, slug, id, approve),
        );
        return c.json(result, 200);
      },
    );
  }

  communityReadRoute(
    app,
    {
      what: 'people',
      tags: ['communities'],
      summary:
        'Find people to add by name or the start of their email (coordinator): at most ten, each with where they stand',
      query: z.object({ q: z.string().max(LIMITS.email) }),
      answer: AccountAnswers.candidates,
      description: 'People matching the search',
    },
    async (db, principal, slug, { q }) => ({ items: await searchPeople(db, principal, slug, q) }),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/communities/{slug}/invitations',
      tags: ['communities'],
      summary:
        'Invite someone not yet in the store (coordinator): returns a link that works with a password or single sign-on',
      request: {
        params: bySlug,
        body: json(
          z.object({
            email: z
              .string()
              .max(LIMITS.email)
              .email('must be an email address')
              .transform((e) => e.toLowerCase()),
            role: Role.default('member'),
          }),
        ),
      },
      responses: {
        201: jsonContent(
          AccountAnswers.invitationCreated,
          'The invitation; its token and link are shown once',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { invitation, token } = await transact(c.var.ctx, (trx) =>
        createInvitation(trx, c.var.principal, c.req.valid('param').slug, c.req.valid('json')),
      );
      const url = invitationUrl(new URL(c.req.url).origin, token);
      return c.json({ invitation, token, url }, 201);
    },
  );

  communityListRoute(
    app,
    {
      what: 'invitations',
      tags: ['communities'],
      summary: 'Invitations not yet accepted (coordinator)',
      item: InvitationSchema,
      description: 'Open invitations',
    },
    listInvitations,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/invitations/{token}',
      tags: ['communities'],
      summary: 'What an invitation is for, before the person signs in (anyone holding the link)',
      request: { params: z.object({ token: InvitationToken }) },
      responses: { 200: jsonContent(AccountAnswers.invitation, 'The invitation'), ...errors },
    }),
    async (c) =>
      c.json(
        { invitation: await lookUpInvitation(c.var.ctx.storage.db, c.req.valid('param').token) },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/invitations/{token}/accept',
      tags: ['communities'],
      summary:
        'Accept an invitation as the signed-in person (however they signed in): it must have been sent to their email',
      request: { params: z.object({ token: InvitationToken }) },
      responses: { 200: jsonContent(MembershipAnswer, 'The membership'), ...errors },
    }),
    async (c) => {
      const { user } = requireUser(c.var.principal);
      const membership = await transact(c.var.ctx, (trx) =>
        acceptInvitation(trx, c.req.valid('param').token, user),
      );
      return c.json({ membership }, 200);
    },
  );

  return app;
}
