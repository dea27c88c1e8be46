/**
 * Wire shapes of sessions, the community directory, joining, member search and invitations: zod schemas
 * the store declares its answers with, and the types clients read them as (`import type` keeps zod out).
 */
import { z } from 'zod';
import { PRACTICE_KINDS, ROLES } from './kinds';

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  createdAt: z.string(),
  /** Set while an admin has disabled the person. */
  disabledAt: z.string().optional(),
});

export const CommunitySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  domain: z.string(),
  anonymousRead: z.boolean(),
  open: z.boolean(),
  reviewIntervalDays: z.number().int(),
  reviewIntervalsByKind: z.partialRecord(z.enum(PRACTICE_KINDS), z.number().int()).optional(),
  routingSeats: z.number().int(),
  autoRouting: z.boolean(),
  createdAt: z.string(),
});

export const MembershipSchema = z.object({
  community: z.string(),
  userId: z.string(),
  role: z.enum(ROLES),
  topics: z.array(z.string()),
  hidden: z.boolean(),
  joinedAt: z.string(),
});

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
export const DIRECTORY_STATES = ['coordinator', 'member', 'requested', 'none'] as const;
export type DirectoryState = (typeof DIRECTORY_STATES)[number];

export const PersonSchema = z.object({ id: z.string(), name: z.string() });

export const DirectoryEntrySchema = CommunitySchema.extend({
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

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Response bodies of the account and directory routes, for their OpenAPI declarations. */
export const AccountAnswers = {
  user: json(z.object({ user: UserSchema }), 'The user'),
  me: json(
    z.object({
      user: UserSchema,
      memberships: z.array(MembershipSchema),
      notifications: z.array(NotificationSchema),
    }),
    'The caller, their memberships and what they have been told lately',
  ),
  sessions: json(z.object({ items: z.array(SessionInfoSchema) }), 'The caller’s sessions'),
  community: json(z.object({ community: CommunitySchema }), 'The community'),
  directory: json(
    z.object({ items: z.array(DirectoryEntrySchema) }),
    'Every community, with the caller’s state',
  ),
  membership: json(z.object({ membership: MembershipSchema }), 'The membership'),
  joinRequest: json(z.object({ request: JoinRequestSchema }), 'The request to join'),
  joinRequests: json(z.object({ items: z.array(JoinRequestSchema) }), 'Pending requests to join'),
  decided: json(
    z.object({ request: JoinRequestSchema, membership: MembershipSchema.nullable() }),
    'The decided request, and the membership when approved',
  ),
  left: json(
    z.object({ left: z.boolean(), withdrawn: z.boolean() }),
    'Whether a membership ended and whether a pending request was withdrawn',
  ),
  candidates: json(z.object({ items: z.array(CandidateSchema) }), 'People matching the search'),
  invitationCreated: json(
    z.object({ invitation: InvitationSchema, token: z.string(), url: z.string() }),
    'The invitation; its token and link are shown once',
  ),
  invitation: json(z.object({ invitation: InvitationSchema }), 'The invitation'),
  invitations: json(z.object({ items: z.array(InvitationSchema) }), 'Open invitations'),
  signedIn: json(
    z.object({ token: z.string(), user: UserSchema, membership: MembershipSchema }),
    'A new account, its token and its membership',
  ),
  read: json(z.object({ read: z.number().int() }), 'How many notifications were marked read'),
};
