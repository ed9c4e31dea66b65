import type { Job, Repositories } from '@klerno/db';
import { recordCallerAudit, type AuthorizationContext } from '../authorization.js';

/**
 * A re-scoring job rewrites stored risk scores: its start is a `sensitive_update` of the range's
 * scores, written in the unit of work that creates the job. What it changed is the job's result.
 */
export function recordRescoreStarted(
  repos: Pick<Repositories, 'audit'>,
  caller: AuthorizationContext,
  job: Job,
): Promise<void> {
  return recordCallerAudit(repos, caller, {
    event: 'sensitive_update',
    target: `rescore_job:${job.id}`,
    details: {
      object: 'transaction_scores',
      from: job.params.from ?? null,
      to: job.params.to ?? null,
    },
  });
}
