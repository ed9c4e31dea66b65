/** CSV exports of an organization's transactions: small ones as a string, any size as a stream. */
import type { Store, Transaction } from '@klerno/db';
import type { TransactionQuery } from '../dto/transaction-filters.js';
import { transactionCsvLines, transactionsToCsv } from '../csv/export-transactions.js';
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

/**
 * The whole export as one string, when it has at most `maxRows` rows; otherwise
 * ResultTooLargeError naming the download route, before more than `maxRows + 1` rows are read.
 */
export async function exportTransactionsCsv(
  store: Store,
  organizationId: string,
  options: CsvExportOptions & { maxRows: number; downloadPath: string },
): Promise<{ csv: string; rowCount: number }> {
  const rows: Transaction[] = [];
  for await (const row of allTransactions(store, organizationId, options.query)) {
    if (rows.length === options.maxRows) {
      throw new ResultTooLargeError(
        `The export has more than ${options.maxRows} rows; download it with GET ${options.downloadPath} (same credentials), which streams any number of rows`,
      );
    }
    rows.push(row);
  }
  return {
    csv: transactionsToCsv(rows, { byteOrderMark: options.byteOrderMark }),
    rowCount: rows.length,
  };
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
