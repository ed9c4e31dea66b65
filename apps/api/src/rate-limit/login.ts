import { createHash } from 'node:crypto';
import type { RateLimitSettings } from '@klerno/config';
import { refusalFor, type RateLimitDecision } from './decision.js';
import type { Limiter } from './limiter.js';

/**
 * Failures of one email+IP pair are counted for this long after the first one (a success
 * resets them): ten mistakes spread over weeks never lock anyone out.
 */
export const FAILURE_MEMORY_SECONDS = 24 * 60 * 60;

/** SPEC §6: "at most 5 attempts per minute per IP". */
export const LOGIN_WINDOW_SECONDS = 60;

export interface LoginAttempt {
  /** Already validated and lower-cased. */
  email: string;
  ip: string | null;
}

/** What may happen before any password work: the IP's attempt is counted, the pair's lock read. */
export interface LoginAdmission {
  /** The IP's attempts this minute; null for in-process callers (no IP). */
  ip: RateLimitDecision | null;
  /** A refusal while the email+IP pair is locked; null when it is not. */
  lock: RateLimitDecision | null;
}

/** SPEC §6's login rules, checked by the sign-in service before it hashes anything. */
export interface LoginProtection {
  admit(attempt: LoginAttempt): Promise<LoginAdmission>;
  /** Counts a failed attempt; true when this failure locked the pair (once per lock). */
  failed(attempt: LoginAttempt): Promise<boolean>;
  /** A successful sign-in clears the pair's failures. */
  succeeded(attempt: LoginAttempt): Promise<void>;
}

/**
 * The pair's key: a digest, so neither emails nor addresses are stored in Redis in clear.
 * In-process callers (no IP) share one "address".
 */
export function pairKey({ email, ip }: LoginAttempt): string {
  return createHash('sha256')
    .update(`${email}\n${ip ?? '-'}`)
    .digest('base64url');
}

export function createLoginProtection(
  settings: RateLimitSettings,
  limiters: { perIp: Limiter; failures: Limiter },
): LoginProtection {
  const lockPolicy = {
    name: 'login-lock',
    limit: settings.loginConsecutiveFailures,
    windowSeconds: settings.loginBlockSeconds,
  };
  return {
    async admit(attempt) {
      const ip = attempt.ip === null ? null : await limiters.perIp.consume(attempt.ip);
      if (ip && !ip.allowed) return { ip, lock: null };
      const failures = await limiters.failures.peek(pairKey(attempt));
      const locked = failures !== null && failures.consumed >= lockPolicy.limit;
      return { ip, lock: locked ? refusalFor(lockPolicy, failures.resetInMs) : null };
    },
    async failed(attempt) {
      const key = pairKey(attempt);
      const count = await limiters.failures.penalty(key);
      // Exactly one failure sees the count reach the limit, even across instances (Redis INCRBY).
      if (count !== lockPolicy.limit) return false;
      await limiters.failures.block(key, settings.loginBlockSeconds);
      return true;
    },
    async succeeded(attempt) {
      await limiters.failures.reset(pairKey(attempt));
    },
  };
}

/** For RATE_LIMIT_ENABLED=false: every attempt is admitted, nothing is counted. */
export const unprotectedLogin: LoginProtection = {
  admit: () => Promise.resolve({ ip: null, lock: null }),
  failed: () => Promise.resolve(false),
  succeeded: () => Promise.resolve(),
};
