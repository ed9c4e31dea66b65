import type { TRPCRouterRecord } from '@trpc/server';
import {
  CSV_DOWNLOAD_PATH,
  downloadLinkDto,
  downloadParametersOf,
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
  toTransactionDto,
  transactionByIdInput,
  transactionDto,
  transactionPageDto,
} from '../dto/transactions.js';
import { listTransactionsInput, transactionQueryOf } from '../dto/transaction-filters.js';
import {
  explainInput,
  explanationDto,
  riskEvaluationDto,
  scoreInput,
} from '../dto/transaction-risk.js';
import {
  rescoreInput,
  rescoreJobDto,
  rescoreJobPageDto,
  rescoreJobsInput,
  rescoreResultDto,
  rescoreStatusInput,
  toRescoreJobDto,
} from '../dto/rescore.js';
import { DEFAULT_HARD_LIMITS, type HardLimits } from '../hard-limits.js';
import { alertRaisingOf } from '../services/alert-raising.js';
import { issueDownloadLink } from '../services/download-links.js';
import { exportFileName, exportTransactionsCsv } from '../services/transaction-exports.js';
import { importTransactionsCsv, importXrplAccount } from '../services/transaction-imports.js';
import { rescoreJob, rescoreJobs, startRescore } from '../services/rescore.js';
import { explainTransaction, scoreCandidate } from '../services/transaction-risk.js';
import { ingestTransactions, listTransactions, transactionById } from '../services/transactions.js';
import { analystProcedure, viewerProcedure } from '../trpc.js';

const limits = (ctx: { hardLimits?: HardLimits | undefined }) =>
  ctx.hardLimits ?? DEFAULT_HARD_LIMITS;

/** Imports read a whole file or a ledger history before they write: more than the default time. */
const IMPORT_TIME_LIMIT_MS = 60_000;

// SPEC §4: viewer reads, analyst+ writes.
export const transactionsRouter = {
  /**
   * The pre-check a wallet runs before it lets a withdrawal out: analyst+, as part of the write
   * path it guards. A mutation only because a transaction does not belong in a URL; it stores
   * nothing, so it spends the "read" rate-limit class.
   */
  score: analystProcedure
    .meta({ rateLimit: 'read' })
    .input(scoreInput)
    .output(riskEvaluationDto)
    .mutation(({ ctx, input }) =>
      scoreCandidate(ctx.store, ctx.user.organizationId, input.transaction, ctx.clock()),
    ),

  explain: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(explainInput)
    .output(explanationDto)
    .query(({ ctx, input }) => explainTransaction(ctx.store, ctx.user.organizationId, input.id)),

  ingest: analystProcedure
    .meta({ rateLimit: 'import' })
    .input(ingestInput)
    .output(ingestResultDto)
    .mutation(async ({ ctx, input }) => {
      const result = await ingestTransactions(
        ctx.store,
        ctx.user.organizationId,
        input.transactions,
        ctx.user.id,
        alertRaisingOf(ctx),
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
    .mutation(({ ctx, input }) =>
      importTransactionsCsv(ctx.store, ctx.user.organizationId, {
        ...input,
        userId: ctx.user.id,
        alerting: alertRaisingOf(ctx),
      }),
    ),

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
        { ...input, userId: ctx.user.id, alerting: alertRaisingOf(ctx) },
      ),
    ),

  list: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(listTransactionsInput)
    .output(transactionPageDto)
    .query(async ({ ctx, input }) => {
      const { filter, sort } = transactionQueryOf(input);
      const page = await listTransactions(ctx.store, ctx.user.organizationId, {
        cursor: input.cursor,
        limit: input.limit,
        filter,
        sort,
      });
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
      const { csv, rowCount } = await exportTransactionsCsv(ctx, {
        byteOrderMark: input.byteOrderMark,
        query: transactionQueryOf(input),
        maxRows: MAX_CSV_EXPORT_ROWS,
        downloadPath: CSV_DOWNLOAD_PATH,
        via: 'transactions.exportCsv',
      });
      return { csv, fileName: exportFileName(ctx.clock()), rowCount };
    }),

  /**
   * A link to GET /exports/transactions.csv with these filters, valid for a minute: what the
   * console follows so that the browser streams a large export to disk. Signed-in sessions only.
   */
  csvDownloadLink: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(exportCsvInput)
    .output(downloadLinkDto)
    .mutation(({ ctx, input }) =>
      issueDownloadLink(
        ctx,
        'transactions.csvDownloadLink',
        CSV_DOWNLOAD_PATH,
        downloadParametersOf(input),
      ),
    ),

  /**
   * Re-scores the organization's transactions in [from, to] in the background (after a label
   * import, say) and returns the job at once; poll `rescoreStatus` for its progress.
   */
  rescore: analystProcedure
    .meta({ rateLimit: 'import' })
    .input(rescoreInput)
    .output(rescoreResultDto)
    .mutation(async ({ ctx, input }) => ({
      job: toRescoreJobDto(await startRescore(ctx.store, ctx.jobs, ctx, input, ctx.clock())),
    })),

  rescoreStatus: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(rescoreStatusInput)
    .output(rescoreJobDto)
    .query(async ({ ctx, input }) =>
      toRescoreJobDto(await rescoreJob(ctx.store, ctx.user.organizationId, input.jobId)),
    ),

  /** The organization's re-scoring jobs, newest first. */
  rescoreJobs: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(rescoreJobsInput)
    .output(rescoreJobPageDto)
    .query(async ({ ctx, input }) => {
      const page = await rescoreJobs(ctx.store, ctx.user.organizationId, input);
      return { items: page.items.map(toRescoreJobDto), nextCursor: page.nextCursor };
    }),
} satisfies TRPCRouterRecord;
