import type { Repositories, Role, Store } from '@klerno/db';
import type { Clock } from './context.js';
import {
  recordAudit,
  requestMetaOf,
  type AuditDetails,
  type AuditRecord,
} from './services/audit.js';
import type { CurrentUser } from './services/auth.js';
import { ForbiddenError } from './services/errors.js';
import { hasRole } from './services/roles.js';

export { hasRole } from './services/roles.js';

/** What authorization needs of a procedure's context. */
export interface AuthorizationContext {
  store: Store;
  user: CurrentUser;
  clock: Clock;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

/** True when the caller presented an API key rather than a user's access token. */
export function actsThroughApiKey(user: CurrentUser): boolean {
  return user.via === 'apiKey';
}

/** The audit trail's actor: the user's id, or `apikey:<id>` when a key acted on its creator's behalf. */
export function auditActorOf(user: CurrentUser): string {
  return user.via === 'apiKey' && user.apiKeyId ? `apikey:${user.apiKeyId}` : user.id;
}

/** What the caller did in its own organization; the caller's organization and actor are filled in. */
export type CallerAuditRecord = Pick<AuditRecord, 'event' | 'target' | 'details'> &
  Partial<Pick<AuditRecord, 'outcome'>>;

/**
 * Appends an entry for something the caller did (outcome `success` unless said otherwise),
 * stamped with the caller's clock. Pass the repositories of the unit of work that makes the change.
 */
export function recordCallerAudit(
  repos: Pick<Repositories, 'audit'>,
  caller: AuthorizationContext,
  record: CallerAuditRecord,
  now: Date = caller.clock(),
): Promise<void> {
  return recordAudit(
    repos,
    requestMetaOf(caller),
    {
      organizationId: caller.user.organizationId,
      actor: auditActorOf(caller.user),
      outcome: 'success',
      ...record,
    },
    now,
  );
}

/** Who the caller is, for a refusal message. */
function describeCaller(user: CurrentUser): string {
  return actsThroughApiKey(user)
    ? `this API key has the ${user.role} role`
    : `you are signed in as ${user.role}`;
}

/**
 * Records an `authz_fail` entry in a small unit of work of its own (nothing else changed) and
 * returns the error to throw. `procedure` is the tRPC path, e.g. "users.setRole".
 */
export async function refuse(
  ctx: AuthorizationContext,
  procedure: string,
  message: string,
  details: AuditDetails = {},
): Promise<ForbiddenError> {
  await ctx.store.transaction((repos) =>
    recordCallerAudit(repos, ctx, {
      event: 'authz_fail',
      target: procedure,
      outcome: 'failure',
      details: { procedure, callerRole: ctx.user.role, ...details },
    }),
  );
  return new ForbiddenError(message);
}

interface RoleCheckOptions<Result> {
  ctx: AuthorizationContext;
  path: string;
  next: () => Promise<Result>;
}

/**
 * A tRPC middleware for after authentication: lets the call through when the caller's role
 * (for an API key, the key's role) is at least `min`; otherwise 403 and an `authz_fail` entry.
 */
export function requireRole(min: Role) {
  return async function roleCheck<Result>({
    ctx,
    path,
    next,
  }: RoleCheckOptions<Result>): Promise<Result> {
    if (!hasRole(ctx.user.role, min)) {
      throw await refuse(ctx, path, `This needs the ${min} role; ${describeCaller(ctx.user)}`, {
        requiredRole: min,
      });
    }
    return next();
  };
}
