import type { TRPCRouterRecord } from '@trpc/server';
import {
  CSV_DOWNLOAD_PATH,
  exportCsvInput,
  exportCsvResultDto,
  importCsvInput,
  importCsvResultDto,
  importXrplInput,
  importXrplResultDto,
  MAX_CSV_EXPORT_ROWS,
} from '../dto/transaction-io.js';
import {
  ingestInput,
  ingestResultDto,
  listTransactionsInput,
  toTransactionDto,
  transactionByIdInput,
  transactionDto,
  transactionPageDto,
} from '../dto/transactions.js';
import { DEFAULT_HARD_LIMITS, type HardLimits } from '../hard-limits.js';
import { exportFileName, exportTransactionsCsv } from '../services/transaction-exports.js';
import { importTransactionsCsv, importXrplAccount } from '../services/transaction-imports.js';
import { ingestTransactions, listTransactions, transactionById } from '../services/transactions.js';
import { analystProcedure, viewerProcedure } from '../trpc.js';

const limits = (ctx: { hardLimits?: HardLimits | undefined }) =>
  ctx.hardLimits ?? DEFAULT_HARD_LIMITS;

/** Imports read a whole file or a ledger history before they write: more than the default time. */
const IMPORT_TIME_LIMIT_MS = 60_000;

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

  importCsv: analystProcedure
    .meta({ rateLimit: 'import', timeLimitMs: IMPORT_TIME_LIMIT_MS })
    .input(importCsvInput)
    .output(importCsvResultDto)
    .mutation(({ ctx, input }) => importTransactionsCsv(ctx.store, ctx.user.organizationId, input)),

  importXrpl: analystProcedure
    .meta({ rateLimit: 'import', timeLimitMs: IMPORT_TIME_LIMIT_MS })
    .input(importXrplInput)
    .output(importXrplResultDto)
    .mutation(({ ctx, input }) =>
      importXrplAccount(
        {
          store: ctx.store,
          rpcUrl: ctx.settings.xrplRpcUrl,
          requestTimeoutMs: limits(ctx).xrplRequestTimeoutMs,
          deadlineMs: limits(ctx).xrplImportDeadlineMs,
        },
        ctx.user.organizationId,
        input,
      ),
    ),

  list: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(listTransactionsInput)
    .output(transactionPageDto)
    .query(async ({ ctx, input }) => {
      const page = await listTransactions(ctx.store, ctx.user.organizationId, input);
      return { items: page.items.map(toTransactionDto), nextCursor: page.nextCursor };
    }),

  byId: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(transactionByIdInput)
    .output(transactionDto)
    .query(async ({ ctx, input }) =>
      toTransactionDto(await transactionById(ctx.store, ctx.user.organizationId, input.id)),
    ),

  /** Up to MAX_CSV_EXPORT_ROWS rows; larger exports: GET /exports/transactions.csv. */
  exportCsv: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(exportCsvInput)
    .output(exportCsvResultDto)
    .query(async ({ ctx, input }) => {
      const { csv, rowCount } = await exportTransactionsCsv(ctx.store, ctx.user.organizationId, {
        byteOrderMark: input.byteOrderMark,
        maxRows: MAX_CSV_EXPORT_ROWS,
        downloadPath: CSV_DOWNLOAD_PATH,
      });
      return { csv, fileName: exportFileName(ctx.clock()), rowCount };
    }),
} satisfies TRPCRouterRecord;
