import type { RouterOutputs } from '../api/types.js';

export type RescoreJob = RouterOutputs['transactions']['rescoreStatus'];

export function isRunning(job: RescoreJob | undefined): boolean {
  return job !== undefined && (job.status === 'queued' || job.status === 'running');
}

/** Where a re-scoring job stands, in one sentence. */
export function describeJob(job: RescoreJob, range: string): string {
  switch (job.status) {
    case 'queued':
      return `Re-scoring ${range}: waiting to start…`;
    case 'running':
      return job.total === null
        ? `Re-scoring ${range}: counting transactions…`
        : `Re-scoring ${range}: ${job.processed} of ${job.total} transactions…`;
    case 'succeeded': {
      const result = job.result ?? { rescored: job.processed, changed: 0, alertsRaised: 0 };
      return `Re-scored ${result.rescored} transaction${result.rescored === 1 ? '' : 's'} of ${range}: ${result.changed} score${result.changed === 1 ? '' : 's'} changed, ${result.alertsRaised} new alert${result.alertsRaised === 1 ? '' : 's'}.`;
    }
    case 'failed':
      return `Re-scoring ${range} failed: ${job.error ?? 'unknown reason'}`;
  }
}
