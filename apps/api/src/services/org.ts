import type { Invitation, Organization, Repositories, Store } from '@klerno/db';
import { recordCallerAudit, type AuthorizationContext } from '../authorization.js';
import {
  EmailAlreadyRegisteredError,
  InvitationNotPendingError,
  RecordNotFoundError,
} from './errors.js';
import { newInvitationToken, secretDigest } from './secret-formats.js';

/** Accepted, revoked and expired invitations stay in `org.invitations` this long. */
const RECENT_INVITATION_DAYS = 30;
const MEMBER_COUNT_PAGE = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface OrganizationSummary extends Organization {
  memberCount: number;
}

async function countMembers(
  repos: Pick<Repositories, 'users'>,
  organizationId: string,
): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await repos.users.list(organizationId, { cursor, limit: MEMBER_COUNT_PAGE });
    count += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return count;
}

async function summarise(
  repos: Pick<Repositories, 'organizations' | 'users'>,
  organizationId: string,
): Promise<OrganizationSummary> {
  const organization = await repos.organizations.byId(organizationId);
  if (!organization) throw new RecordNotFoundError('organization');
  return { ...organization, memberCount: await countMembers(repos, organizationId) };
}

export function getOrganization(
  store: Store,
  organizationId: string,
): Promise<OrganizationSummary> {
  return summarise(store, organizationId);
}

export async function renameOrganization(
  caller: AuthorizationContext,
  name: string,
): Promise<OrganizationSummary> {
  const { organizationId } = caller.user;
  return caller.store.transaction(async (repos) => {
    const before = await repos.organizations.byId(organizationId);
    if (!before) throw new RecordNotFoundError('organization');
    if (before.name !== name) {
      await repos.organizations.update(organizationId, { name });
      await recordCallerAudit(repos, caller, {
        event: 'user_updated',
        target: `organization:${organizationId}`,
        details: { action: 'organization.rename', from: before.name, to: name },
      });
    }
    return summarise(repos, organizationId);
  });
}

export interface InvitationRequest {
  email: string;
  role: Invitation['role'];
  expiresInHours: number;
}

export interface CreatedInvitation {
  invitation: Invitation;
  /** Shown once; only its digest is stored. */
  token: string;
}

/**
 * Invites an email address (that has no account yet) to join with `role`. The token is returned
 * once; an earlier pending invitation of the same address is revoked.
 */
export async function inviteMember(
  caller: AuthorizationContext,
  request: InvitationRequest,
): Promise<CreatedInvitation> {
  const { organizationId } = caller.user;
  const now = caller.clock();
  const token = newInvitationToken();
  const invitation = await caller.store.transaction(async (repos) => {
    if (await repos.users.byEmail(request.email)) throw new EmailAlreadyRegisteredError();
    // Inviting an address again replaces its pending invitation: only the newest token works.
    const superseded = (await repos.invitations.list(organizationId)).filter(
      (earlier) =>
        earlier.email === request.email &&
        earlier.acceptedAt === null &&
        earlier.revokedAt === null,
    );
    for (const earlier of superseded) {
      await repos.invitations.revoke(organizationId, earlier.id, now.toISOString());
    }
    const created = await repos.invitations.create({
      organizationId,
      email: request.email,
      role: request.role,
      invitedBy: caller.user.id,
      tokenDigest: secretDigest(token),
      expiresAt: new Date(now.getTime() + request.expiresInHours * HOUR_MS).toISOString(),
    });
    await recordCallerAudit(
      repos,
      caller,
      {
        event: 'authz_change',
        target: `invitation:${created.id}`,
        details: {
          action: 'invitation.create',
          email: created.email,
          role: created.role,
          expiresAt: created.expiresAt,
          replaced: superseded.length,
        },
      },
      now,
    );
    return created;
  });
  return { invitation, token };
}

/** Pending invitations, and the others of the last 30 days; newest first. */
export async function listInvitations(
  store: Store,
  organizationId: string,
  now: Date,
): Promise<Invitation[]> {
  const recentSince = now.getTime() - RECENT_INVITATION_DAYS * DAY_MS;
  const all = await store.invitations.list(organizationId);
  return all.filter(
    (invitation) =>
      (invitation.acceptedAt === null &&
        invitation.revokedAt === null &&
        Date.parse(invitation.expiresAt) > now.getTime()) ||
      Date.parse(invitation.createdAt) >= recentSince,
  );
}

/** Revokes a pending invitation; revoking a revoked one changes nothing; an accepted one is 409. */
export async function revokeInvitation(
  caller: AuthorizationContext,
  invitationId: string,
): Promise<Invitation> {
  const { organizationId } = caller.user;
  const now = caller.clock();
  return caller.store.transaction(async (repos) => {
    const find = async () =>
      (await repos.invitations.list(organizationId)).find(({ id }) => id === invitationId);
    const invitation = await find();
    if (!invitation) throw new RecordNotFoundError('invitation');
    if (invitation.acceptedAt !== null) throw new InvitationNotPendingError('accepted');
    if (invitation.revokedAt !== null) return invitation;

    const at = now.toISOString();
    if (!(await repos.invitations.revoke(organizationId, invitationId, at))) {
      const current = await find();
      if (current?.acceptedAt) throw new InvitationNotPendingError('accepted');
      return current ?? invitation;
    }
    await recordCallerAudit(
      repos,
      caller,
      {
        event: 'authz_change',
        target: `invitation:${invitationId}`,
        details: { action: 'invitation.revoke', email: invitation.email, role: invitation.role },
      },
      now,
    );
    return { ...invitation, revokedAt: at };
  });
}
