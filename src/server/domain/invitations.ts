/**
 * Invitations for people not yet in the store: a coordinator invites an email into their community and
 * gets a link carrying a one-time token. Whoever signs in as that email redeems it — by choosing a password
 * here, or through any other sign-in (single sign-on) that calls `acceptInvitation` for the person.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Invitation } from '../../core/accounts';
import type { Role } from '../../core/kinds';
import type { Membership, User } from '../../core/types';
import { type Db, nowIso, type Principal } from '../context';
import type { Database } from '../storage/schema';
import { communityById, requireCoordinator, requireUser } from './access';
import { settleOnAdmission } from './admission';
import { recordAudit } from './audit';
import { conflict, forbidden, notFound } from './errors';
import { admit } from './joining';
import { createUser, hashToken, issueToken } from './users';

/** An invitation link works this long. */
export const INVITATION_DAYS = 14;

type InvitationRow = Database['invitations'];

async function view(db: Db, row: InvitationRow): Promise<Invitation> {
  const community = await communityById(db, row.community_id);
  return {
    id: row.id,
    community: { slug: community.slug, name: community.name, domain: community.domain },
    email: row.email,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
  };
}

/** The console page that redeems an invitation, on the store the coordinator used. */
export const invitationUrl = (origin: string, token: string) =>
  `${origin}/console/#/invitation/${token}`;

/** A coordinator invites an email address; the plain token is returned once and only its hash is kept. */
export async function createInvitation(
  db: Db,
  principal: Principal,
  slug: string,
  input: { email: string; role: Role },
): Promise<{ invitation: Invitation; token: string }> {
  const { user } = requireUser(principal);
  const { community } = await requireCoordinator(db, principal, slug);
  const email = input.email.toLowerCase();
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing)
    throw conflict(
      'already_registered',
      `${email} already has an account: find the person by name or email and add them.`,
    );
  const token = `copi_${randomBytes(24).toString('base64url')}`;
  const now = new Date();
  const row: InvitationRow = {
    id: randomUUID(),
    token_hash: hashToken(token),
    community_id: community.id,
    email,
    role: input.role,
    invited_by: user.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
    accepted_at: null,
    accepted_by: null,
  };
  await db.insertInto('invitations').values(row).execute();
  await recordAudit(db, user.id, community.id, 'invite', 'invitation', row.id, null, {
    email,
    role: input.role,
  });
  return { invitation: await view(db, row), token };
}

/** The community's invitations not yet accepted or expired (coordinators). */
export async function listInvitations(db: Db, principal: Principal, slug: string) {
  const { community } = await requireCoordinator(db, principal, slug);
  const rows = await db
    .selectFrom('invitations')
    .selectAll()
    .where('community_id', '=', community.id)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .orderBy('created_at', 'desc')
    .execute();
  return Promise.all(rows.map((row) => view(db, row)));
}

/** The invitation a token names, if it can still be accepted. */
async function usableInvitation(db: Db, token: string): Promise<InvitationRow> {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) throw notFound('This invitation');
  if (row.accepted_at)
    throw conflict('invitation_used', 'This invitation was already used: sign in instead.');
  if (row.expires_at <= nowIso())
    throw conflict(
      'invitation_expired',
      'This invitation has expired: ask the coordinator who sent it for a new one.',
    );
  return row;
}

/** What the invitation page shows before the person signs in. */
export async function lookUpInvitation(db: Db, token: string): Promise<Invitation> {
  return view(db, await usableInvitation(db, token));
}

/** The signed-in person takes up the invitation: it must have been sent to their email. */
export async function acceptInvitation(db: Db, token: string, user: User): Promise<Membership> {
  const row = await usableInvitation(db, token);
  if (row.email !== user.email.toLowerCase())
    throw forbidden(
      `This invitation was sent to ${row.email}: sign in with that address to accept it.`,
    );
  const community = await communityById(db, row.community_id);
  await db
    .updateTable('invitations')
    .set({ accepted_at: nowIso(), accepted_by: user.id })
    .where('id', '=', row.id)
    .execute();
  await settleOnAdmission(db, community, user.id, row.invited_by);
  const membership = await admit(db, community, user.id, row.role);
  await recordAudit(db, user.id, community.id, 'accept-invitation', 'invitation', row.id, null, {
    role: membership.role,
  });
  return membership;
}

/** Someone new accepts with a name and a password: their account, a session and the membership. */
export async function signUpWithInvitation(
  db: Db,
  input: { token: string; name: string; password: string; userAgent: string | null },
) {
  const row = await usableInvitation(db, input.token);
  const user = await createUser(db, {
    email: row.email,
    name: input.name,
    password: input.password,
  });
  const membership = await acceptInvitation(db, input.token, user);
  const { token } = await issueToken(db, user.id, 'invitation', undefined, input.userAgent);
  return { token, user, membership };
}
