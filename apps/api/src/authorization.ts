import type { Role, Store } from '@klerno/db';
import { recordAudit, type AuditDetails, type RequestMeta } from './services/audit.js';
import type { CurrentUser } from './services/auth.js';
import { ForbiddenError } from './services/errors.js';

/** viewer < analyst < admin (SPEC §4). */
const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 1, analyst: 2, admin: 3 };

export function hasRole(role: Role, min: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}

/** What authorization needs of a procedure's context. */
export interface AuthorizationContext {
  store: Store;
  user: CurrentUser;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

export function requestMetaOf(
  ctx: Pick<AuthorizationContext, 'requestId' | 'ip' | 'userAgent'>,
): RequestMeta {
  return { ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId };
}

/** True when the caller presented an API key rather than a user's access token. */
export function actsThroughApiKey(user: CurrentUser): boolean {
  return user.via === 'apiKey';
}

/** The audit trail's actor: the user's id, or `apikey:<id>` when a key acted on its creator's behalf. */
export function auditActorOf(user: CurrentUser): string {
  return user.via === 'apiKey' && user.apiKeyId ? `apikey:${user.apiKeyId}` : user.id;
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
    recordAudit(repos, requestMetaOf(ctx), {
      event: 'authz_fail',
      organizationId: ctx.user.organizationId,
      actor: auditActorOf(ctx.user),
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
