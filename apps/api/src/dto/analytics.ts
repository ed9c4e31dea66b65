/** DTOs of the `analytics` router. */
import { z } from 'zod';
import { DEFAULT_TOP_ADDRESSES, MAX_TOP_ADDRESSES, TRANSACTION_CATEGORIES } from '@klerno/db';
import { timeRangeProblem } from '../services/time-range.js';
import { newTransactionInput, timestampSchema } from './transactions.js';

/** Inclusive bounds; when both are given they must make a range (from ≤ to, ≤ 3650 days). */
export const timeRangeFields = {
  from: timestampSchema.optional(),
  to: timestampSchema.optional(),
};

export function refineTimeRange(
  { from, to }: { from?: string | undefined; to?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (from === undefined || to === undefined) return;
  const problem = timeRangeProblem(Date.parse(from), Date.parse(to));
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['from'] });
}

export const analyticsSummaryInput = z
  .object({
    /** A missing bound: the range is the caller's `timeRangeDays` (settings), ending now or at `to`. */
    ...timeRangeFields,
    /** Only this currency (e.g. "XRP"); volumes are per currency either way. */
    currency: newTransactionInput.shape.currency.optional(),
    topAddresses: z
      .number()
      .int('topAddresses must be a whole number')
      .min(1, 'topAddresses must be at least 1')
      .max(MAX_TOP_ADDRESSES, `topAddresses must be at most ${MAX_TOP_ADDRESSES}`)
      .default(DEFAULT_TOP_ADDRESSES),
  })
  .superRefine(refineTimeRange)
  .prefault({});

const bucketCountsFields = {
  low: z.number().int(),
  medium: z.number().int(),
  high: z.number().int(),
};

export const analyticsSummaryDto = z.object({
  /** The range summarised (defaults filled in), both bounds included. */
  from: z.string(),
  to: z.string(),
  currency: z.string().nullable(),
  count: z.number().int(),
  /** Exact decimal sums per currency, largest count first. */
  volumes: z.array(z.object({ currency: z.string(), count: z.number().int(), volume: z.string() })),
  /** Mean risk score, 0..1 with four decimals; 0 without rows. */
  averageRisk: z.number(),
  buckets: z.object(bucketCountsFields),
  /** One entry per UTC day that has rows, oldest first (day: YYYY-MM-DD). */
  daily: z.array(
    z.object({
      day: z.string(),
      count: z.number().int(),
      averageRisk: z.number(),
      ...bucketCountsFields,
    }),
  ),
  /** Most frequent first. */
  categories: z.array(
    z.object({ category: z.enum(TRANSACTION_CATEGORIES), count: z.number().int() }),
  ),
  /** Addresses on either side, highest maximum score first, then average score, then count. */
  topRiskAddresses: z.array(
    z.object({
      address: z.string(),
      count: z.number().int(),
      maxRisk: z.number(),
      averageRisk: z.number(),
    }),
  ),
  /** Share of rows flagged amount_anomaly or structured_layering, 0..1. */
  anomalyShare: z.number(),
});
export type AnalyticsSummaryDto = z.infer<typeof analyticsSummaryDto>;
