import {
  COMPUTED_COLUMNS,
  TAG_SEPARATOR,
  TRANSACTION_FIELDS,
  type ComputedColumn,
  type NewTransactionInput,
  type TransactionField,
} from './columns.js';
import { csvLine } from './writer.js';

export type TransactionCsvColumn = TransactionField | ComputedColumn;

/** SPEC §4's transaction: what was ingested, then what Klerno computed. */
export const DEFAULT_EXPORT_COLUMNS: readonly TransactionCsvColumn[] = [
  'id',
  ...TRANSACTION_FIELDS,
  ...COMPUTED_COLUMNS.filter((column) => column !== 'id'),
];

/** A stored transaction, or a DTO; the computed fields are optional until scoring fills them. */
export interface ExportableTransaction extends Readonly<Omit<NewTransactionInput, 'issuer'>> {
  /** Absent in files from before issuers were kept: written as an empty cell, like null. */
  readonly issuer?: string | null;
  readonly id?: string;
  readonly category?: string | null;
  readonly riskScore?: number | string | null;
  readonly riskBucket?: string | null;
  readonly riskFlags?: readonly string[] | null;
}

export interface TransactionCsvOptions {
  columns?: readonly TransactionCsvColumn[];
  /** Start with a UTF-8 byte-order mark, which older Excel needs to read UTF-8. Default false. */
  byteOrderMark?: boolean;
}

/**
 * Streams an export: the header line, then one CRLF-terminated line per transaction, produced only
 * as the consumer asks for it, so memory stays flat however many rows the source yields.
 * Amounts are the exact decimal strings; tags and risk flags are joined with ';'.
 * Feed it to `Readable.from(...)` for an HTTP response.
 */
export async function* transactionCsvLines(
  rows: AsyncIterable<ExportableTransaction> | Iterable<ExportableTransaction>,
  options: TransactionCsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  const columns = options.columns ?? DEFAULT_EXPORT_COLUMNS;
  yield (options.byteOrderMark ? '\uFEFF' : '') + csvLine(columns);
  for await (const row of rows) yield transactionCsvLine(row, columns);
}

/** A whole (small) export as one string; use transactionCsvLines for large ones. */
export function transactionsToCsv(
  rows: Iterable<ExportableTransaction>,
  options: TransactionCsvOptions = {},
): string {
  const columns = options.columns ?? DEFAULT_EXPORT_COLUMNS;
  const lines = [(options.byteOrderMark ? '\uFEFF' : '') + csvLine(columns)];
  for (const row of rows) lines.push(transactionCsvLine(row, columns));
  return lines.join('');
}

function transactionCsvLine(
  row: ExportableTransaction,
  columns: readonly TransactionCsvColumn[],
): string {
  return csvLine(columns.map((column) => cellText(row, column)));
}

function cellText(row: ExportableTransaction, column: TransactionCsvColumn): string {
  switch (column) {
    case 'tags':
      return row.tags.join(TAG_SEPARATOR);
    case 'riskFlags':
      return row.riskFlags?.join(TAG_SEPARATOR) ?? '';
    case 'riskScore':
      return row.riskScore === undefined || row.riskScore === null ? '' : String(row.riskScore);
    default:
      return row[column] ?? '';
  }
}
