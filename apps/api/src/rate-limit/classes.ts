import type { RateLimitSettings } from '@klerno/config';

/**
 * The classes of SPEC §6. Every tRPC procedure names one in its meta
 * (`.meta({ rateLimit: 'read' })`); the plain HTTP routes that accept writes name theirs too.
 */
export const RATE_LIMIT_CLASSES = ['auth', 'read', 'write', 'import', 'csp-report'] as const;
export type RateLimitClass = (typeof RATE_LIMIT_CLASSES)[number];

/** What every procedure declares in `.meta()` (with the time limit of ../hard-limits.ts, optional). */
export interface RateLimitMeta {
  rateLimit: RateLimitClass;
}

export function isRateLimitClass(value: unknown): value is RateLimitClass {
  return (RATE_LIMIT_CLASSES as readonly unknown[]).includes(value);
}

/** Points per window of a class (RATE_LIMIT_<CLASS>). */
export function pointsOf(settings: RateLimitSettings, rateClass: RateLimitClass): number {
  switch (rateClass) {
    case 'auth':
      return settings.auth;
    case 'read':
      return settings.read;
    case 'write':
      return settings.write;
    case 'import':
      return settings.import;
    case 'csp-report':
      return settings.cspReport;
  }
}

/** Whose budget a request spends: its client IP's, or its identity's (a user or an API key). */
export type Partition = 'ip' | 'identity';
