import type { Store } from '@klerno/db';
import { recordAudit, type RequestMeta } from '../services/audit.js';
import type { RateLimitDecision } from './decision.js';

/** A limiter's first refusal of a key in its window: one `excess_rate_limit_exceeded` entry. */
export interface LimitExceeded {
  decision: RateLimitDecision;
  /** Whose budget ran out: the client IP's or the identity's. */
  partition: 'ip' | 'identity';
  /** What was refused: a procedure path (`transactions.list`) or a route (`POST /csp-report`). */
  target: string;
  /** The identity (user id or `apikey:<id>`) or the email of a sign-in attempt; null when unknown. */
  actor: string | null;
  /** The identity's organization; null for refusals keyed by IP alone. */
  organizationId: string | null;
}

export async function recordLimitExceeded(
  store: Store,
  meta: RequestMeta,
  exceeded: LimitExceeded,
  now: Date,
): Promise<void> {
  const { decision } = exceeded;
  await store.transaction((repos) =>
    recordAudit(
      repos,
      meta,
      {
        event: 'excess_rate_limit_exceeded',
        organizationId: exceeded.organizationId,
        actor: exceeded.actor,
        target: exceeded.target,
        outcome: 'failure',
        details: {
          policy: decision.policy,
          partition: exceeded.partition,
          limit: decision.limit,
          windowSeconds: decision.windowSeconds,
        },
      },
      now,
    ),
  );
}
