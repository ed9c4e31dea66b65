/** The background jobs an API instance runs, wired to the server's store, clock and alert feed. */
import type { Store } from '@klerno/db';
import type { AlertFeed } from '../alert-feed/index.js';
import { RESCORE_JOB_KIND } from '../dto/rescore.js';
import { createJobRunner, type JobLogger, type JobRunner } from './job-runner.js';
import { createRescoreHandler } from './rescore.js';

export interface ServerJobsOptions {
  store: Store;
  clock: () => Date;
  logger: JobLogger;
  /** RISK_THRESHOLD. */
  defaultRiskThreshold: number;
  alertFeed: Pick<AlertFeed, 'publish'>;
  /** Tests shorten these (see job-runner.ts for the defaults). */
  heartbeatMs?: number;
  staleAfterMs?: number;
}

export function createServerJobs(options: ServerJobsOptions): JobRunner {
  const { store, clock, logger, alertFeed } = options;
  return createJobRunner({
    store,
    clock,
    logger,
    handlers: {
      [RESCORE_JOB_KIND]: createRescoreHandler({
        store,
        clock,
        feed: alertFeed,
        defaultRiskThreshold: options.defaultRiskThreshold,
      }),
    },
    ...(options.heartbeatMs !== undefined && { heartbeatMs: options.heartbeatMs }),
    ...(options.staleAfterMs !== undefined && { staleAfterMs: options.staleAfterMs }),
  });
}
