/**
 * `transactions.rescore`: re-scores an organization's transactions in a time range (after a label
 * import, a change of watched wallets, a new rule set) as a background job, page by page.
 */
import type {
  Alert,
  Job,
  Page,
  ScoredTransaction,
  ScoreUpdate,
  Store,
  Transaction,
} from '@klerno/db';
import type { AlertFeed } from '../alert-feed/index.js';
import type { AuthorizationContext } from '../authorization.js';
import { RESCORE_JOB_KIND } from '../dto/rescore.js';
import { effectiveRiskThreshold, raiseAlerts } from './alert-raising.js';
import { RecordNotFoundError } from './errors.js';
import { JobsUnavailableError, RescoreBusyError } from './job-errors.js';
import { JOB_INTERRUPTED, type JobHandler, type JobRunner } from './job-runner.js';
import { recordRescoreStarted } from './rescore-audit.js';
import { scoreBatch } from './risk-context.js';
import { checkTimeRange, type TimeRange } from './time-range.js';

export const RESCORE_PAGE_SIZE = 1000;
/** Queued or running re-scoring jobs an organization may have at once. */
export const MAX_UNFINISHED_RESCORES = 2;
/** How far back `startRescore` looks for unfinished jobs of the organization. */
const RECENT_JOBS = 50;

export interface RescoreDeps {
  store: Store;
  /** RISK_THRESHOLD, for an owner without a threshold of their own. */
  defaultRiskThreshold: number;
  clock: () => Date;
  /** Where the alerts that re-scoring raises are announced, after each page has committed. */
  feed: Pick<AlertFeed, 'publish'>;
}

function sameScores(row: Transaction, next: ScoredTransaction): boolean {
  return (
    row.category === next.category &&
    row.riskScore === next.riskScore &&
    row.riskBucket === next.riskBucket &&
    row.rulesetVersion === next.rulesetVersion &&
    row.riskFlags.length === next.riskFlags?.length &&
    row.riskFlags.every((flag, index) => flag === next.riskFlags?.[index])
  );
}

function rescored(row: Transaction, next: ScoredTransaction): Transaction & ScoreUpdate {
  return {
    ...row,
    category: next.category ?? row.category,
    riskScore: next.riskScore ?? row.riskScore,
    riskFlags: next.riskFlags ?? row.riskFlags,
    riskBucket: next.riskBucket ?? row.riskBucket,
    rulesetVersion: next.rulesetVersion ?? row.rulesetVersion,
  };
}

function rangeOf(job: Job): TimeRange {
  const { from, to } = job.params;
  if (typeof from !== 'string' || typeof to !== 'string') {
    throw new Error(`re-scoring job ${job.id} has no time range`);
  }
  return { from, to };
}

/**
 * The job: counts the range, then reads it oldest first, 1000 rows a page, scores each page with
 * the organization's labels, watched wallets and history (as an ingest would), and writes the
 * changed scores — with the alerts they raise at the starting user's threshold — in one unit of
 * work per page. Pages already written stay written if it fails later.
 */
export function createRescoreHandler(deps: RescoreDeps): JobHandler {
  const { store, clock, feed } = deps;
  return async (job, { signal, progress }) => {
    const { organizationId, createdBy: userId } = job;
    const range = rangeOf(job);
    const total = await store.analytics.count(organizationId, range);
    await progress(0, total);
    const threshold = await effectiveRiskThreshold(
      store,
      organizationId,
      userId,
      deps.defaultRiskThreshold,
    );
    let processed = 0;
    let changed = 0;
    let alertsRaised = 0;
    let cursor: string | undefined;
    do {
      signal.throwIfAborted();
      const page: Page<Transaction> = await store.transactions.list(organizationId, {
        filter: range,
        sort: 'timestamp_asc',
        limit: RESCORE_PAGE_SIZE,
        cursor,
      });
      const scored = await scoreBatch(store, organizationId, page.items);
      const updates = page.items.flatMap((row, index) => {
        const next = scored[index]!;
        return sameScores(row, next) ? [] : [rescored(row, next)];
      });
      if (updates.length > 0) {
        const raised: Alert[] = await store.transaction(async (repos) => {
          await repos.transactions.updateScores(organizationId, updates);
          return raiseAlerts(repos, organizationId, userId, threshold, updates, clock());
        });
        feed.publish(organizationId, raised);
        changed += updates.length;
        alertsRaised += raised.length;
      }
      processed += page.items.length;
      cursor = page.nextCursor ?? undefined;
      // Rows may arrive in the range meanwhile: the total never shows less than what was done.
      await progress(processed, Math.max(total, processed));
    } while (cursor !== undefined);
    return { rescored: processed, changed, alertsRaised };
  };
}

/**
 * Creates the job (with its audit entry) and queues it on this instance; returns it at once
 * (status 'queued').
 */
export async function startRescore(
  store: Store,
  runner: JobRunner | undefined,
  caller: AuthorizationContext,
  range: TimeRange,
  now: Date,
): Promise<Job> {
  const { user } = caller;
  const { from, to } = checkTimeRange(range);
  if (!runner?.accepting) throw new JobsUnavailableError();
  const recent = await store.jobs.list(
    user.organizationId,
    { limit: RECENT_JOBS },
    { kind: RESCORE_JOB_KIND },
  );
  const unfinished = recent.items.filter(
    (job) => job.status === 'queued' || job.status === 'running',
  );
  if (unfinished.length >= MAX_UNFINISHED_RESCORES)
    throw new RescoreBusyError(MAX_UNFINISHED_RESCORES);
  const job = await store.transaction(async (repos) => {
    const created = await repos.jobs.create({
      organizationId: user.organizationId,
      kind: RESCORE_JOB_KIND,
      params: { from, to },
      createdBy: user.id,
      createdAt: now.toISOString(),
    });
    await recordRescoreStarted(repos, caller, created);
    return created;
  });
  try {
    runner.submit(job);
  } catch {
    // Stopped between the check and now: the job must not wait for a sweep to end it.
    await store.jobs.update(job.organizationId, job.id, {
      status: 'failed',
      error: JOB_INTERRUPTED,
      finishedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    throw new JobsUnavailableError();
  }
  return job;
}

/** A re-scoring job of the organization; anything else is "not found". */
export async function rescoreJob(store: Store, organizationId: string, id: string): Promise<Job> {
  const job = await store.jobs.byId(organizationId, id);
  if (!job || job.kind !== RESCORE_JOB_KIND) throw new RecordNotFoundError('re-scoring job');
  return job;
}

/** The organization's re-scoring jobs, newest first. */
export function rescoreJobs(
  store: Store,
  organizationId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Job>> {
  return store.jobs.list(organizationId, page, { kind: RESCORE_JOB_KIND });
}
