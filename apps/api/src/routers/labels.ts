import type { TRPCRouterRecord } from '@trpc/server';
import {
  importLabelsInput,
  importLabelsResultDto,
  labelPageDto,
  listLabelsInput,
  removeLabelInput,
  removeLabelResultDto,
  toLabelDto,
} from '../dto/labels.js';
import { importLabels, removeLabel } from '../services/labels.js';
import { adminProcedure, viewerProcedure } from '../trpc.js';

// SPEC §4: viewer reads, admin writes.
export const labelsRouter = {
  list: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(listLabelsInput)
    .output(labelPageDto)
    .query(async ({ ctx, input }) => {
      const { cursor, limit, chain, address, label } = input;
      const page = await ctx.store.labels.list(
        ctx.user.organizationId,
        { cursor, limit },
        { chain, address, label },
      );
      return { items: page.items.map(toLabelDto), nextCursor: page.nextCursor };
    }),

  import: adminProcedure
    .meta({ rateLimit: 'import' })
    .input(importLabelsInput)
    .output(importLabelsResultDto)
    .mutation(({ ctx, input }) => importLabels(ctx, input.csv)),

  remove: adminProcedure
    .meta({ rateLimit: 'write' })
    .input(removeLabelInput)
    .output(removeLabelResultDto)
    .mutation(async ({ ctx, input }) => {
      await removeLabel(ctx, input.id);
      return { id: input.id };
    }),
} satisfies TRPCRouterRecord;
