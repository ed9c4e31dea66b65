import { newTransactionInput } from '../dto/transactions.js';
import {
  isRequiredField,
  resolveHeader,
  TAG_SEPARATOR,
  type HeaderLayout,
  type NewTransactionInput,
  type TransactionColumnMap,
  type TransactionField,
} from './columns.js';
import { decodeCsvInput } from './encoding.js';
import { CsvFileError } from './errors.js';
import { restoreFormula } from './formula.js';
import { readCsvRecords, type CsvRecord } from './reader.js';

export const DEFAULT_CSV_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_CSV_MAX_ROWS = 50_000;
export const DEFAULT_CSV_MAX_ERRORS = 1000;

export interface ParseTransactionsCsvOptions {
  /** Larger input is refused with CsvTooLargeError before it is read. Default 10 MiB. */
  maxBytes?: number;
  /** More data rows than this refuse the file (CsvFileError 'too_many_rows'). Default 50,000. */
  maxRows?: number;
  /** The file's header for some of our fields; they then answer to that name only. */
  columnMap?: TransactionColumnMap;
  /** Chain for rows without one (no chain column, or an empty cell), e.g. "xrpl". */
  defaultChain?: string;
  /** Row errors listed at most (badRowCount still counts them all). Default 1000. */
  maxErrors?: number;
}

export interface CsvRowError {
  /** Physical line (1-based) on which the record starts. */
  line: number;
  field?: TransactionField;
  reason: string;
}

export interface ParseTransactionsCsvResult {
  /** Every valid row, in file order, validated and normalised by the ingest schema. */
  rows: NewTransactionInput[];
  /** rowLines[i] is the line on which rows[i] starts. */
  rowLines: number[];
  /** Every problem with a row (a row may have several), in file order, up to maxErrors. */
  errors: CsvRowError[];
  /** Data rows refused (each has at least one entry in errors, unless they were cut off). */
  badRowCount: number;
  /** True when more errors were found than maxErrors allows to list. */
  errorsTruncated: boolean;
  /** Things that did not stop the import, such as ignored columns. */
  warnings: string[];
}

/**
 * Reads a CSV upload of transactions: a header row, then one transaction per record, each
 * validated with the same schema as `transactions.ingest`. Problems with the file as a whole
 * (size, encoding, NUL, missing columns, an unclosed quote, too many rows) throw a CsvFileError;
 * problems with single rows are collected with their line numbers. Empty lines are skipped.
 * The caller decides whether any error means nothing is written.
 */
export function parseTransactionsCsv(
  input: string | Uint8Array,
  options: ParseTransactionsCsvOptions = {},
): ParseTransactionsCsvResult {
  const maxRows = options.maxRows ?? DEFAULT_CSV_MAX_ROWS;
  const maxErrors = options.maxErrors ?? DEFAULT_CSV_MAX_ERRORS;
  const text = decodeCsvInput(input, options.maxBytes ?? DEFAULT_CSV_MAX_BYTES);

  const result: ParseTransactionsCsvResult = {
    rows: [],
    rowLines: [],
    errors: [],
    badRowCount: 0,
    errorsTruncated: false,
    warnings: [],
  };
  const report = (errors: CsvRowError[]) => {
    result.badRowCount++;
    const room = maxErrors - result.errors.length;
    if (errors.length > room) result.errorsTruncated = true;
    result.errors.push(...errors.slice(0, Math.max(room, 0)));
  };
  /** First line of each (chain, txId), to report a repeat within the file. */
  const firstLineOf = new Map<string, number>();
  let layout: HeaderLayout | undefined;
  let dataRows = 0;

  for (const record of readCsvRecords(text)) {
    if (isBlank(record)) continue;
    if (layout === undefined) {
      if (record.malformed) {
        const reason = `the header is not valid CSV: ${record.malformed}`;
        throw new CsvFileError('no_header', reason, record.line);
      }
      layout = resolveHeader(record.fields, record.line, options);
      result.warnings.push(...layout.warnings);
      continue;
    }
    dataRows++;
    if (dataRows > maxRows) {
      throw new CsvFileError(
        'too_many_rows',
        `the file has more than ${maxRows} rows (line ${record.line}); split it into smaller files`,
        record.line,
      );
    }

    const outcome = readRow(record, layout, options.defaultChain);
    if ('errors' in outcome) {
      report(outcome.errors);
      continue;
    }
    const key = `${outcome.row.chain}\u0000${outcome.row.txId}`;
    const firstLine = firstLineOf.get(key);
    if (firstLine !== undefined) {
      report([
        {
          line: record.line,
          field: 'txId',
          reason: `repeats the transaction on line ${firstLine} (same chain and txId)`,
        },
      ]);
      continue;
    }
    firstLineOf.set(key, record.line);
    result.rows.push(outcome.row);
    result.rowLines.push(record.line);
  }

  if (layout === undefined) {
    throw new CsvFileError(
      'no_header',
      'the file is empty; its first line must be a header such as txId,timestamp,fromAddress,toAddress,amount,currency,direction',
    );
  }
  return result;
}

function isBlank(record: CsvRecord): boolean {
  return record.malformed === undefined && record.fields.every((cell) => cell.trim() === '');
}

type RowOutcome = { row: NewTransactionInput } | { errors: CsvRowError[] };

function readRow(
  record: CsvRecord,
  layout: HeaderLayout,
  defaultChain: string | undefined,
): RowOutcome {
  const { line } = record;
  if (record.malformed !== undefined) {
    return { errors: [{ line, reason: `malformed CSV: ${record.malformed}` }] };
  }
  if (record.fields.length !== layout.width) {
    return {
      errors: [
        {
          line,
          reason: `has ${record.fields.length} fields but the header has ${layout.width} (an unquoted comma or line break?)`,
        },
      ],
    };
  }

  const candidate: Partial<Record<TransactionField, unknown>> = {};
  for (const [field, column] of layout.columns) {
    candidate[field] = cellValue(field, restoreFormula(record.fields[column] ?? ''));
  }
  if (defaultChain !== undefined && candidate.chain === '') candidate.chain = defaultChain;
  if (defaultChain !== undefined && !layout.columns.has('chain')) candidate.chain = defaultChain;

  const parsed = newTransactionInput.safeParse(candidate);
  if (parsed.success) return { row: parsed.data };
  // One reason per field: a bad timestamp fails both the format and the calendar check.
  const errors = new Map<string, CsvRowError>();
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    const error: CsvRowError = isTransactionField(field)
      ? { line, field, reason: issue.message }
      : { line, reason: issue.message };
    const key = error.field ?? issue.message;
    if (!errors.has(key)) errors.set(key, error);
  }
  return { errors: [...errors.values()] };
}

function isTransactionField(key: unknown): key is TransactionField {
  return typeof key === 'string' && Object.hasOwn(newTransactionInput.shape, key);
}

/**
 * An empty cell is "not given" for optional fields (memo → null, fee → 0, tags → none), and an
 * empty string for required ones, so the schema's own message ("amount must not be empty") shows.
 * A cell of spaces is not empty: the schema trims or refuses it (a memo keeps it).
 */
function cellValue(field: TransactionField, cell: string): unknown {
  if (cell === '') return isRequiredField(field) ? '' : undefined;
  // Spreadsheets like "IN"/"Out"; the schema wants "in"/"out".
  if (field === 'direction') return cell.trim().toLowerCase();
  if (field === 'tags') {
    return cell
      .split(TAG_SEPARATOR)
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '');
  }
  return cell;
}
