import type { Store } from '@klerno/db';
import { auditActorOf } from '../authorization.js';
import { requestMetaOf, type RequestMeta } from '../services/audit.js';
import type { CurrentUser } from '../services/identity.js';
import { recordLimitExceeded, type LimitExceeded } from './audit.js';
import type { RateLimitClass } from './classes.js';
import { retryAfterSeconds, type RateLimitDecision } from './decision.js';
import { RateLimitedError } from './errors.js';
import type { RateLimitReport } from './headers.js';
import type { LoginAttempt } from './login.js';
import type { RateLimits } from './service.js';

/** What enforcing a limit needs of a procedure's context (or of the sign-in service's deps). */
export interface LimitContext extends RequestMeta {
  rateLimits: RateLimits;
  rateLimitReport: RateLimitReport;
  store: Store;
  clock: () => Date;
}

/**
 * Shows the decision in the response's headers; a refusal gets its audit entry (the first in the
 * key's window only) and becomes a RateLimitedError (429).
 */
async function enforce(
  ctx: LimitContext,
  decision: RateLimitDecision,
  exceeded: Omit<LimitExceeded, 'decision'>,
  refusalMessage?: string,
): Promise<void> {
  ctx.rateLimitReport.add(decision);
  if (decision.allowed) return;
  if (decision.firstRefusal) {
    await recordLimitExceeded(
      ctx.store,
      requestMetaOf(ctx),
      { decision, ...exceeded },
      ctx.clock(),
    );
  }
  throw new RateLimitedError(decision, refusalMessage);
}

/** One point of the class for the client IP; in-process callers (no IP) are not counted. */
export async function limitClientIp(
  ctx: LimitContext,
  rateClass: RateLimitClass,
  target: string,
): Promise<void> {
  if (!ctx.rateLimits.enabled || ctx.ip === null) return;
  const decision = await ctx.rateLimits.consume(rateClass, 'ip', ctx.ip);
  await enforce(ctx, decision, { partition: 'ip', target, actor: null, organizationId: null });
}

/** The identity's budget key: a user's, or an API key's own (a key never spends its creator's). */
export function identityKeyOf(user: CurrentUser): string {
  return user.via === 'apiKey' && user.apiKeyId ? `apikey:${user.apiKeyId}` : `user:${user.id}`;
}

/** One point of the class for the signed-in identity. */
export async function limitIdentity(
  ctx: LimitContext,
  user: CurrentUser,
  rateClass: RateLimitClass,
  target: string,
): Promise<void> {
  if (!ctx.rateLimits.enabled) return;
  const decision = await ctx.rateLimits.consume(rateClass, 'identity', identityKeyOf(user));
  await enforce(ctx, decision, {
    partition: 'identity',
    target,
    actor: auditActorOf(user),
    organizationId: user.organizationId,
  });
}

/**
 * SPEC §6's login rules, before any password is hashed: the IP's attempts per minute, then the
 * email+IP pair's lock (a correct password is refused too while it holds).
 */
export async function admitLogin(ctx: LimitContext, attempt: LoginAttempt): Promise<void> {
  if (!ctx.rateLimits.enabled) return;
  const admission = await ctx.rateLimits.login.admit(attempt);
  const exceeded = {
    partition: 'ip',
    target: 'auth.login',
    actor: attempt.email,
    organizationId: null,
  } as const;
  if (admission.ip) await enforce(ctx, admission.ip, exceeded);
  if (admission.lock) {
    // Its one audit entry (authn_login_lock) was written when the lock began.
    await enforce(
      ctx,
      admission.lock,
      exceeded,
      `Too many failed sign-in attempts for this account from your address; try again in ${retryAfterSeconds(admission.lock)} s`,
    );
  }
}
