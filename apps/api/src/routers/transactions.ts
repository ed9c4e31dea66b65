import type { TRPCRouterRecord } from '@trpc/server';
import {
  ingestInput,
  ingestResultDto,
  listTransactionsInput,
  toTransactionDto,
  transactionPageDto,
} from '../dto/transactions.js';
import { ingestTransactions, listTransactions } from '../services/transactions.js';
import { analystProcedure, viewerProcedure } from '../trpc.js';

// SPEC §4: viewer reads, analyst+ writes.
export const transactionsRouter = {
  ingest: analystProcedure
    .meta({ rateLimit: 'import' })
    .input(ingestInput)
    .output(ingestResultDto)
    .mutation(async ({ ctx, input }) => {
      const result = await ingestTransactions(
        ctx.store,
        ctx.user.organizationId,
        input.transactions,
      );
      return {
        created: result.created.length,
        duplicates: result.duplicates.map(({ chain, txId, id }) => ({ chain, txId, id })),
        items: result.created.map(toTransactionDto),
      };
    }),

  list: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(listTransactionsInput)
    .output(transactionPageDto)
    .query(async ({ ctx, input }) => {
      const page = await listTransactions(ctx.store, ctx.user.organizationId, input);
      return { items: page.items.map(toTransactionDto), nextCursor: page.nextCursor };
    }),
} satisfies TRPCRouterRecord;
