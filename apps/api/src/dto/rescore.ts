/** DTOs of `transactions.rescore`, `rescoreStatus` and `rescoreJobs`: a re-scoring job. */
import { z } from 'zod';
import { JOB_STATUSES, type Job } from '@klerno/db';
import { refineTimeRange } from './analytics.js';
import { idSchema } from './ids.js';
import { pageDto, pageFields } from './pagination.js';
import { timestampSchema } from './transactions.js';

export const RESCORE_JOB_KIND = 'rescore';

/** Both bounds included: every transaction whose timestamp falls in the range is re-scored. */
export const rescoreInput = z
  .object({ from: timestampSchema, to: timestampSchema })
  .superRefine(refineTimeRange);

export const rescoreJobDto = z.object({
  id: z.string(),
  kind: z.literal(RESCORE_JOB_KIND),
  /** queued → running → succeeded | failed. */
  status: z.enum(JOB_STATUSES),
  params: z.object({ from: z.string(), to: z.string() }),
  /** Transactions re-scored so far, and in all (null until counted). */
  processed: z.number().int(),
  total: z.number().int().nullable(),
  /** Once succeeded: how many were re-scored, how many scores changed, how many alerts that raised. */
  result: z
    .object({
      rescored: z.number().int(),
      changed: z.number().int(),
      alertsRaised: z.number().int(),
    })
    .nullable(),
  /** Why it failed, when it did (safe to show). */
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** The last progress or heartbeat. */
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RescoreJobDto = z.infer<typeof rescoreJobDto>;

export const rescoreResultDto = z.object({ job: rescoreJobDto });

export const rescoreStatusInput = z.object({ jobId: idSchema });

/** Newest first. */
export const rescoreJobsInput = z.object(pageFields).prefault({});
export const rescoreJobPageDto = pageDto(rescoreJobDto);

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

export function toRescoreJobDto(job: Job): RescoreJobDto {
  return {
    id: job.id,
    kind: RESCORE_JOB_KIND,
    status: job.status,
    params: { from: text(job.params.from), to: text(job.params.to) },
    processed: job.processed,
    total: job.total,
    result: job.result && {
      rescored: count(job.result.rescored),
      changed: count(job.result.changed),
      alertsRaised: count(job.result.alertsRaised),
    },
    error: job.error,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
  };
}
