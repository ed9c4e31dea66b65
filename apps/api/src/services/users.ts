import type { Page, PageRequest, Repositories, Role, Store, User } from '@klerno/db';
import { recordCallerAudit, type AuthorizationContext } from '../authorization.js';
import { LastAdminError, RecordNotFoundError } from './errors.js';

export function listMembers(
  store: Store,
  organizationId: string,
  page: PageRequest,
): Promise<Page<User>> {
  return store.users.list(organizationId, page);
}

async function memberOf(
  repos: Repositories,
  organizationId: string,
  userId: string,
): Promise<User> {
  const user = await repos.users.byId(organizationId, userId);
  if (!user) throw new RecordNotFoundError('user');
  return user;
}

/**
 * Checked after the change, inside its unit of work, so throwing rolls the change back. The audit
 * entry is appended before the check: appends are serialised per organization until commit, so
 * of two concurrent demotions of the last two admins the second counts after the first commits.
 */
async function assertAnActiveAdminRemains(repos: Repositories, organizationId: string) {
  if ((await repos.users.countActiveAdmins(organizationId)) < 1) throw new LastAdminError();
}

const isActiveAdmin = (user: User) => user.role === 'admin' && !user.disabled;

/**
 * Changes a member's role. Their access tokens stop working at once (tokenVersion is bumped);
 * the organization's last active admin cannot be demoted.
 */
export async function setMemberRole(
  caller: AuthorizationContext,
  userId: string,
  role: Role,
): Promise<User> {
  const { organizationId } = caller.user;
  const now = caller.clock();
  return caller.store.transaction(async (repos) => {
    const before = await memberOf(repos, organizationId, userId);
    if (before.role === role) return before;
    const after = await repos.users.update(organizationId, userId, {
      role,
      tokenVersion: before.tokenVersion + 1,
    });
    await recordCallerAudit(
      repos,
      caller,
      {
        event: 'authz_change',
        target: userId,
        details: { action: 'user.setRole', email: before.email, from: before.role, to: role },
      },
      now,
    );
    if (isActiveAdmin(before)) await assertAnActiveAdminRemains(repos, organizationId);
    return after;
  });
}

/**
 * Disables or re-enables a member. Disabling ends their access tokens and refresh sessions at
 * once; the organization's last active admin cannot be disabled.
 */
export async function setMemberDisabled(
  caller: AuthorizationContext,
  userId: string,
  disabled: boolean,
): Promise<User> {
  const { organizationId } = caller.user;
  const now = caller.clock();
  return caller.store.transaction(async (repos) => {
    const before = await memberOf(repos, organizationId, userId);
    if (before.disabled === disabled) return before;
    const after = await repos.users.update(
      organizationId,
      userId,
      disabled ? { disabled, tokenVersion: before.tokenVersion + 1 } : { disabled },
    );
    const revokedSessions = disabled
      ? await repos.sessions.revokeAllForUser(
          organizationId,
          userId,
          now.toISOString(),
          'user_disabled',
        )
      : 0;
    await recordCallerAudit(
      repos,
      caller,
      {
        event: disabled ? 'user_disabled' : 'user_updated',
        target: userId,
        details: disabled
          ? { action: 'user.disable', email: before.email, revokedSessions }
          : { action: 'user.enable', email: before.email },
      },
      now,
    );
    if (isActiveAdmin(before)) await assertAnActiveAdminRemains(repos, organizationId);
    return after;
  });
}
