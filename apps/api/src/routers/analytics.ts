import type { TRPCRouterRecord } from '@trpc/server';
import { analyticsSummaryDto, analyticsSummaryInput } from '../dto/analytics.js';
import { analyticsSummary } from '../services/analytics.js';
import { viewerProcedure } from '../trpc.js';

// SPEC §4: viewer+.
export const analyticsRouter = {
  /** The organization's exposure over a time range, aggregated by the database. */
  summary: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(analyticsSummaryInput)
    .output(analyticsSummaryDto)
    .query(({ ctx, input }) => analyticsSummary(ctx.store, ctx.user, input, ctx.clock())),
} satisfies TRPCRouterRecord;
