/** CSV exports of an organization's transactions: small ones as a string, any size as a stream. */
import type { Store, Transaction } from '@klerno/db';
import { recordCallerAudit, type AuthorizationContext } from '../authorization.js';
import type { TransactionQuery } from '../dto/transaction-filters.js';
import { transactionCsvLines, transactionsToCsv } from '../csv/export-transactions.js';
import type { AuditDetails } from './audit.js';
import { ResultTooLargeError } from './errors.js';
import { allTransactions } from './transactions.js';

export interface CsvExportOptions {
  byteOrderMark: boolean;
  /** `transactions.list`'s filters and sort; default: every row, newest first. */
  query?: TransactionQuery | undefined;
}

/** "klerno-transactions-20240501T120000Z.csv": sortable, and safe in any file system. */
export function exportFileName(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `klerno-transactions-${stamp}.csv`;
}

/** The filters and sort an export was asked for, as `filter.<name>` details (none: every row). */
export function exportQueryDetails(query: TransactionQuery | undefined): AuditDetails {
  const details: AuditDetails = {};
  // Every filter is a string (an enum value, a timestamp, a decimal, an address or memo text).
  const filter = Object.entries(query?.filter ?? {}) as Array<[string, string | undefined]>;
  for (const [name, value] of filter) {
    if (value !== undefined) details[`filter.${name}`] = value;
  }
  if (query?.sort !== undefined) details.sort = query.sort;
  return details;
}

export interface TransactionsExportRecord {
  /** The procedure or route the rows left through. */
  via: string;
  format: string;
  /** Rows in the export, when known before it is handed over. */
  rows?: number;
  /** What selected the rows: the filters and sort, or the chosen ids' digest. */
  selection: AuditDetails;
}

/**
 * A `sensitive_read` entry for data leaving the system: who, through what, how many rows and
 * which selection, never the rows. In a unit of work of its own (an export changes nothing); the
 * caller hands the data over only once it is written.
 */
export function recordTransactionsExport(
  caller: AuthorizationContext,
  record: TransactionsExportRecord,
  now: Date = caller.clock(),
): Promise<void> {
  return caller.store.transaction((repos) =>
    recordCallerAudit(
      repos,
      caller,
      {
        event: 'sensitive_read',
        target: 'transactions:*',
        details: {
          object: 'transaction',
          via: record.via,
          format: record.format,
          ...(record.rows === undefined ? {} : { rows: record.rows }),
          ...record.selection,
        },
      },
      now,
    ),
  );
}

/**
 * The whole export as one string, when it has at most `maxRows` rows; otherwise
 * ResultTooLargeError naming the download route, before more than `maxRows + 1` rows are read.
 * The export is recorded in the audit trail before it is returned.
 */
export async function exportTransactionsCsv(
  caller: AuthorizationContext,
  options: CsvExportOptions & { maxRows: number; downloadPath: string; via: string },
): Promise<{ csv: string; rowCount: number }> {
  const rows: Transaction[] = [];
  for await (const row of allTransactions(
    caller.store,
    caller.user.organizationId,
    options.query,
  )) {
    if (rows.length === options.maxRows) {
      throw new ResultTooLargeError(
        `The export has more than ${options.maxRows} rows; download it with GET ${options.downloadPath} (same credentials), which streams any number of rows`,
      );
    }
    rows.push(row);
  }
  const csv = transactionsToCsv(rows, { byteOrderMark: options.byteOrderMark });
  await recordTransactionsExport(caller, {
    via: options.via,
    format: 'csv',
    rows: rows.length,
    selection: exportQueryDetails(options.query),
  });
  return { csv, rowCount: rows.length };
}

/** The export line by line, reading one page at a time: memory stays flat for a million rows. */
export function streamTransactionsCsv(
  store: Store,
  organizationId: string,
  options: CsvExportOptions,
): AsyncGenerator<string, void, undefined> {
  return transactionCsvLines(allTransactions(store, organizationId, options.query), {
    byteOrderMark: options.byteOrderMark,
  });
}
