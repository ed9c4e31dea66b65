import type { RateLimiterRes } from 'rate-limiter-flexible';

/** A limiter's answer for one key, in the terms the headers and the audit trail need. */
export interface RateLimitDecision {
  /** The policy's name in `RateLimit-Policy` / `RateLimit`: the class, or `login`, `login-lock`. */
  policy: string;
  /** Points per window. */
  limit: number;
  windowSeconds: number;
  allowed: boolean;
  /** Points left in the window; never negative. */
  remaining: number;
  /** Milliseconds until the window (or the block) ends; never negative. */
  resetInMs: number;
  /** A refusal that is the key's first in its window: the one that gets an audit entry. */
  firstRefusal: boolean;
}

export interface Policy {
  name: string;
  limit: number;
  windowSeconds: number;
}

/** rate-limiter-flexible's result (resolved or rejected) for a consume of one point. */
export function decisionOf(
  policy: Policy,
  res: RateLimiterRes,
  allowed: boolean,
): RateLimitDecision {
  const consumed = Number.isFinite(res.consumedPoints) ? res.consumedPoints : policy.limit + 1;
  return {
    policy: policy.name,
    limit: policy.limit,
    windowSeconds: policy.windowSeconds,
    allowed,
    remaining: Math.max(0, Math.min(policy.limit, policy.limit - consumed)),
    resetInMs: Math.max(0, res.msBeforeNext),
    firstRefusal: !allowed && consumed === policy.limit + 1,
  };
}

/** A refusal that consumed nothing (a blocked key): nothing left, free again in `resetInMs`. */
export function refusalFor(policy: Policy, resetInMs: number): RateLimitDecision {
  return {
    policy: policy.name,
    limit: policy.limit,
    windowSeconds: policy.windowSeconds,
    allowed: false,
    remaining: 0,
    resetInMs: Math.max(0, resetInMs),
    firstRefusal: false,
  };
}

/** Seconds a refused client should wait: at least 1, so "Retry-After: 0" never invites a loop. */
export function retryAfterSeconds(decision: RateLimitDecision): number {
  return Math.max(1, Math.ceil(decision.resetInMs / 1000));
}

/**
 * Which of two decisions the response's headers should show: a refusal over an allowance, the
 * longer wait among refusals, the fewest remaining points among allowances (then the later reset).
 */
export function moreRestrictive(a: RateLimitDecision, b: RateLimitDecision): RateLimitDecision {
  if (a.allowed !== b.allowed) return a.allowed ? b : a;
  if (!a.allowed) return b.resetInMs > a.resetInMs ? b : a;
  if (a.remaining !== b.remaining) return b.remaining < a.remaining ? b : a;
  return b.resetInMs > a.resetInMs ? b : a;
}
