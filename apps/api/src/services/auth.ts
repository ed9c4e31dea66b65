import type { Settings } from '@klerno/config';
import {
  ConflictError,
  type Invitation,
  type Repositories,
  type Role,
  type Store,
  type User,
} from '@klerno/db';
import { admitLogin, type LimitContext } from '../rate-limit/enforce.js';
import type { AccessTokens } from './access-tokens.js';
import { recordAudit, requestMetaOf, type AuditRecord } from './audit.js';
import {
  EmailUnavailableError,
  ForbiddenError,
  InvalidCredentialsError,
  InvalidInvitationError,
  NotAuthenticatedError,
  PasswordChangeRefusedError,
} from './errors.js';
import type { CurrentUser } from './identity.js';
import { looksLikeInvitationToken, secretDigest } from './secret-formats.js';
import { hashPassword, needsRehash, spendPasswordCheckTime, verifyPassword } from './passwords.js';
import {
  rotateRefreshToken,
  sessionOfRefreshToken,
  sessionTarget,
  startSession,
  type IssuedRefreshToken,
} from './sessions.js';

export { authenticate, type CurrentUser } from './identity.js';

/** What the account services need: the server's parts and where the request came from. */
export interface AuthDeps {
  store: Store;
  tokens: AccessTokens;
  settings: Settings;
  clock: () => Date;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface Credentials {
  /** Already validated and lower-cased. */
  email: string;
  password: string;
}

export interface Registration extends Credentials {
  /** `kli_…` from an invitation: joins the inviting organization instead of creating one. */
  invitationToken?: string | undefined;
}

/** An access token and the refresh token of the session it belongs to. */
export interface SessionGrant {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  /** The session's absolute expiry (ISO): how long a cookie holding the refresh token may live. */
  refreshTokenExpiresAt: string;
  user: { id: string; email: string; role: Role };
}

/** "ada@example.com" → "ada's organization": a starting name the admin can change later. */
export function defaultOrganizationName(email: string): string {
  const local = email.slice(0, email.lastIndexOf('@')) || email;
  return `${local}'s organization`;
}

async function grantFor(
  tokens: AccessTokens,
  user: User,
  session: IssuedRefreshToken,
): Promise<SessionGrant> {
  const access = await tokens.issue({
    userId: user.id,
    organizationId: user.organizationId,
    role: user.role,
    tokenVersion: user.tokenVersion,
    sessionId: session.sessionId,
  });
  return {
    accessToken: access.token,
    expiresIn: access.expiresIn,
    refreshToken: session.refreshToken,
    refreshTokenExpiresAt: session.expiresAt,
    user: { id: user.id, email: user.email, role: user.role },
  };
}

// ---- Registration -------------------------------------------------------------------------------

async function pendingInvitation(
  store: Store,
  token: string,
  email: string,
  now: Date,
): Promise<Invitation> {
  const invitation = looksLikeInvitationToken(token)
    ? await store.invitations.byTokenDigest(secretDigest(token))
    : null;
  if (!invitation) throw new InvalidInvitationError('unknown');
  if (invitation.revokedAt !== null) throw new InvalidInvitationError('revoked');
  if (invitation.acceptedAt !== null) throw new InvalidInvitationError('accepted');
  if (Date.parse(invitation.expiresAt) <= now.getTime())
    throw new InvalidInvitationError('expired');
  if (invitation.email.toLowerCase() !== email.toLowerCase()) {
    throw new InvalidInvitationError('email_mismatch');
  }
  return invitation;
}

/**
 * A new account, as one unit of work with its `user_created` and `session_created` entries:
 * without an invitation, in a new organization as its admin; with one, in the inviting
 * organization with the invited role (the invitation is accepted once, compare-and-set).
 */
export async function register(deps: AuthDeps, registration: Registration): Promise<SessionGrant> {
  const { store, settings } = deps;
  const now = deps.clock();
  const invitation =
    registration.invitationToken === undefined
      ? null
      : await pendingInvitation(store, registration.invitationToken, registration.email, now);
  // Hash before the unit of work: a transaction should never wait on 20 ms of hashing.
  const passwordHash = await hashPassword(registration.password);
  const at = now.toISOString();

  try {
    const { user, session } = await store.transaction(async (repos) => {
      let organizationId: string;
      let role: Role;
      if (invitation) {
        if (!(await repos.invitations.markAccepted(invitation.id, at))) {
          throw new InvalidInvitationError('accepted');
        }
        organizationId = invitation.organizationId;
        role = invitation.role;
      } else {
        const organization = await repos.organizations.create({
          name: defaultOrganizationName(registration.email),
        });
        organizationId = organization.id;
        role = 'admin';
      }
      const created = await repos.users.create({
        organizationId,
        email: registration.email,
        passwordHash,
        role,
      });
      await recordAccountEvent(
        repos,
        deps,
        created,
        {
          event: 'user_created',
          outcome: 'success',
          details: invitation
            ? { role, invitationId: invitation.id, invitedBy: invitation.invitedBy }
            : { role, newOrganization: true },
        },
        now,
      );
      const started = await startSession(repos, created, settings.jwt, now);
      await recordSessionCreated(repos, deps, created, started, now);
      return { user: created, session: started };
    });
    return await grantFor(deps.tokens, user, session);
  } catch (error) {
    if (error instanceof ConflictError) throw new EmailUnavailableError();
    throw error;
  }
}

/** An entry about a user's own account, by that user. */
function recordAccountEvent(
  repos: Pick<Repositories, 'audit'>,
  deps: AuthDeps,
  account: Pick<User, 'id' | 'organizationId'>,
  entry: Pick<AuditRecord, 'event' | 'outcome' | 'details'>,
  now: Date,
): Promise<void> {
  return recordAudit(
    repos,
    requestMetaOf(deps),
    { organizationId: account.organizationId, actor: account.id, target: account.id, ...entry },
    now,
  );
}

function recordSessionCreated(
  repos: Repositories,
  deps: AuthDeps,
  user: Pick<User, 'id' | 'organizationId'>,
  session: IssuedRefreshToken,
  now: Date,
): Promise<void> {
  return recordAudit(
    repos,
    requestMetaOf(deps),
    {
      event: 'session_created',
      organizationId: user.organizationId,
      actor: user.id,
      target: sessionTarget(session.sessionId),
      outcome: 'success',
      details: { expiresAt: session.expiresAt },
    },
    now,
  );
}

// ---- Sign-in ------------------------------------------------------------------------------------

type LoginFailure = 'unknown_user' | 'wrong_password' | 'disabled';

/**
 * A failed sign-in changes nothing, so its entry gets a small unit of work of its own; the
 * failure that locks the email+IP pair adds the lock's one `authn_login_lock` entry.
 */
async function recordLoginFailure(
  deps: LoginDeps,
  email: string,
  user: User | null,
  reason: LoginFailure,
  now: Date,
): Promise<void> {
  const locked = await deps.rateLimits.login.failed({ email, ip: deps.ip });
  const { loginConsecutiveFailures, loginBlockSeconds } = deps.settings.rateLimits;
  const about = {
    organizationId: user?.organizationId ?? null,
    actor: email,
    target: user?.id ?? null,
  };
  await deps.store.transaction(async (repos) => {
    await recordAudit(
      repos,
      requestMetaOf(deps),
      { event: 'authn_login_fail', ...about, outcome: 'failure', details: { reason } },
      now,
    );
    if (locked) {
      await recordAudit(
        repos,
        requestMetaOf(deps),
        {
          event: 'authn_login_lock',
          ...about,
          outcome: 'failure',
          details: { failures: loginConsecutiveFailures, lockedForSeconds: loginBlockSeconds },
        },
        now,
      );
    }
  });
}

/** Sign-in also needs the limiters of SPEC §6 (it checks them before hashing anything). */
export type LoginDeps = AuthDeps & LimitContext;

/**
 * Unknown email, wrong password and disabled account fail alike (same error, one password check
 * each). A hash made with weaker parameters than today's is replaced on success. Before any of
 * that, SPEC §6's login limits (attempts per IP, a locked email+IP pair) may refuse with 429.
 */
export async function login(deps: LoginDeps, credentials: Credentials): Promise<SessionGrant> {
  const { store, settings } = deps;
  await admitLogin(deps, { email: credentials.email, ip: deps.ip });
  const now = deps.clock();
  const user = await store.users.byEmail(credentials.email);
  if (!user) {
    await spendPasswordCheckTime(credentials.password);
    await recordLoginFailure(deps, credentials.email, null, 'unknown_user', now);
    throw new InvalidCredentialsError();
  }
  const passwordMatches = await verifyPassword(user.passwordHash, credentials.password);
  if (!passwordMatches || user.disabled) {
    const reason = passwordMatches ? 'disabled' : 'wrong_password';
    await recordLoginFailure(deps, credentials.email, user, reason, now);
    throw new InvalidCredentialsError();
  }
  await deps.rateLimits.login.succeeded({ email: credentials.email, ip: deps.ip });
  const rehashed = needsRehash(user.passwordHash) ? await hashPassword(credentials.password) : null;

  const session = await store.transaction(async (repos) => {
    if (rehashed !== null) {
      await repos.users.update(user.organizationId, user.id, { passwordHash: rehashed });
    }
    const started = await startSession(repos, user, settings.jwt, now);
    await recordAccountEvent(
      repos,
      deps,
      user,
      {
        event: 'authn_login_success',
        outcome: 'success',
        details: { passwordRehashed: rehashed !== null },
      },
      now,
    );
    await recordSessionCreated(repos, deps, user, started, now);
    return started;
  });
  return grantFor(deps.tokens, user, session);
}

// ---- Sessions -----------------------------------------------------------------------------------

/** A new access token and the next refresh token of the session (see sessions.ts for the rules). */
export async function refresh(deps: AuthDeps, refreshToken: string): Promise<SessionGrant> {
  const { user, issued } = await rotateRefreshToken(
    deps.store,
    deps.settings.jwt,
    refreshToken,
    requestMetaOf(deps),
    deps.clock(),
  );
  return grantFor(deps.tokens, user, issued);
}

function assertSignedInUser(caller: CurrentUser, action: string): void {
  if (caller.via !== 'token') {
    throw new ForbiddenError(`API keys cannot ${action}; sign in as the user`);
  }
}

/**
 * Ends the caller's current session (the family of its access token) and the session of a
 * refresh token it presents (the console's cookie), when that belongs to the caller; each gets a
 * `session_logout` entry. Returns how many sessions were signed out. Access tokens of those
 * sessions are refused from the next request on, on every instance (see identity.ts).
 */
export async function logout(
  deps: AuthDeps,
  caller: CurrentUser,
  refreshToken: string | null,
): Promise<number> {
  assertSignedInUser(caller, 'sign out');
  const families = new Set<string>();
  if (caller.sessionId !== null) families.add(caller.sessionId);
  if (refreshToken !== null) {
    const family = await sessionOfRefreshToken(deps.store, refreshToken);
    if (family && family.userId === caller.id && family.organizationId === caller.organizationId) {
      families.add(family.id);
    }
  }
  if (families.size === 0) return 0;
  const now = deps.clock();
  const at = now.toISOString();
  await deps.store.transaction(async (repos) => {
    for (const familyId of families) {
      await repos.sessions.revokeFamily(familyId, at, 'logout');
      await recordAudit(
        repos,
        requestMetaOf(deps),
        {
          event: 'session_logout',
          organizationId: caller.organizationId,
          actor: caller.id,
          target: sessionTarget(familyId),
          outcome: 'success',
        },
        now,
      );
    }
  });
  return families.size;
}

export interface PasswordChange {
  currentPassword: string;
  /** Already checked against the policy. */
  newPassword: string;
}

/**
 * Checks the current password, stores the new hash and bumps tokenVersion (every access token
 * issued so far stops working), ends every session of the user and starts a fresh one for the
 * caller: its next tokens are the ones returned here. One unit of work with
 * `authn_password_change` and `session_created`.
 */
export async function changePassword(
  deps: AuthDeps,
  caller: CurrentUser,
  change: PasswordChange,
): Promise<SessionGrant> {
  assertSignedInUser(caller, 'change passwords');
  const { store, settings } = deps;
  const now = deps.clock();
  const account = await store.users.byEmail(caller.email);
  if (!account || account.id !== caller.id) throw new NotAuthenticatedError();

  const currentMatches = await verifyPassword(account.passwordHash, change.currentPassword);
  if (!currentMatches) {
    await store.transaction((repos) =>
      recordAccountEvent(
        repos,
        deps,
        account,
        {
          event: 'authn_password_change',
          outcome: 'failure',
          details: { reason: 'wrong_current_password' },
        },
        now,
      ),
    );
    throw new PasswordChangeRefusedError('The current password is not correct');
  }
  if (change.newPassword === change.currentPassword) {
    throw new PasswordChangeRefusedError('The new password must differ from the current one');
  }
  const passwordHash = await hashPassword(change.newPassword);
  const at = now.toISOString();

  const { user, session } = await store.transaction(async (repos) => {
    const updated = await repos.users.update(account.organizationId, account.id, {
      passwordHash,
      tokenVersion: account.tokenVersion + 1,
    });
    const ended = await repos.sessions.revokeAllForUser(
      account.organizationId,
      account.id,
      at,
      'password_change',
    );
    const started = await startSession(repos, updated, settings.jwt, now);
    await recordAccountEvent(
      repos,
      deps,
      account,
      {
        event: 'authn_password_change',
        outcome: 'success',
        details: { sessionsEnded: ended },
      },
      now,
    );
    await recordSessionCreated(repos, deps, updated, started, now);
    return { user: updated, session: started };
  });
  return grantFor(deps.tokens, user, session);
}

// ---- Profile ------------------------------------------------------------------------------------

export interface Profile {
  id: string;
  email: string;
  role: Role;
  organization: { id: string; name: string };
}

export async function getProfile(store: Store, user: CurrentUser): Promise<Profile> {
  const organization = await store.organizations.byId(user.organizationId);
  if (!organization) throw new NotAuthenticatedError();
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    organization: { id: organization.id, name: organization.name },
  };
}
