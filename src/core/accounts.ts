/**
 * Wire shapes of sessions, the community directory, joining, member search and invitations: zod schemas
 * the store declares its answers with, and the types clients read them as (`import type` keeps zod out).
 */
import { z } from 'zod';
import { ROLES } from './kinds';
import { CommunityView, MembershipView, UserView } from './responses';

/** One working API token of the caller's: where it was made and when it was last used. */
export const SessionInfoSchema = z.object({
  id: z.string(),
  /** How it was made: "login", "created by admin", a name the person gave it, … */
  name: z.string(),
  /** The browser or program that made it, as its User-Agent said. */
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** When it stops working if it is not used before (null: never, the deployment's admin token). */
  endsAt: z.string().nullable(),
  /** The session this request was made with. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** Where the caller stands with a community in the directory. */
export const DIRECTORY_STATES = ['coordinator', 'member', 'sponsor', 'requested', 'none'] as const;
export type DirectoryState = (typeof DIRECTORY_STATES)[number];

export const PersonSchema = z.object({ id: z.string(), name: z.string() });

export const DirectoryEntrySchema = CommunityView.extend({
  coordinators: z.array(PersonSchema),
  memberCount: z.number().int(),
  /** Practices captured and questions asked in the last 30 days, and the latest of anything. */
  activity: z.object({
    practices30d: z.number().int(),
    questions30d: z.number().int(),
    lastActiveAt: z.string().nullable(),
  }),
  state: z.enum(DIRECTORY_STATES),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

export const JoinRequestSchema = z.object({
  id: z.string(),
  community: z.string(),
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  status: z.enum(['pending', 'approved', 'declined']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const NotificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  community: z.string().nullable(),
  message: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

/** A person a coordinator may add, found by name or email. */
export const CandidateSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  state: z.enum(DIRECTORY_STATES),
});
export type Candidate = z.infer<typeof CandidateSchema>;

export const InvitationSchema = z.object({
  id: z.string(),
  community: z.object({ slug: z.string(), name: z.string(), domain: z.string() }),
  email: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

/** Response bodies of the account and directory routes, declared on them with `jsonContent`. */
export const AccountAnswers = {
  user: z.object({ user: UserView }),
  /** A new account and its API token (POST /users). */
  created: z.object({ user: UserView, token: z.string() }),
  /** Another API token of the caller's, shown once (POST /tokens). */
  token: z.object({ id: z.string(), token: z.string() }),
  me: z.object({
    user: UserView,
    memberships: z.array(MembershipView),
    notifications: z.array(NotificationSchema),
  }),
  sessions: z.object({ items: z.array(SessionInfoSchema) }),
  directory: z.object({ items: z.array(DirectoryEntrySchema) }),
  joinRequest: z.object({ request: JoinRequestSchema }),
  joinRequests: z.object({ items: z.array(JoinRequestSchema) }),
  decided: z.object({ request: JoinRequestSchema, membership: MembershipView.nullable() }),
  left: z.object({ left: z.boolean(), withdrawn: z.boolean() }),
  candidates: z.object({ items: z.array(CandidateSchema) }),
  invitationCreated: z.object({ invitation: InvitationSchema, token: z.string(), url: z.string() }),
  invitation: z.object({ invitation: InvitationSchema }),
  invitations: z.object({ items: z.array(InvitationSchema) }),
  signedIn: z.object({ token: z.string(), user: UserView, membership: MembershipView }),
  read: z.object({ read: z.number().int() }),
};
