export {
  COMPUTED_COLUMNS,
  TRANSACTION_FIELDS,
  normaliseHeader,
  TAG_SEPARATOR,
  type NewTransactionInput,
  type TransactionColumnMap,
  type TransactionField,
} from './columns.js';
export { CsvFileError, CsvTooLargeError, type CsvFileErrorCode } from './errors.js';
export {
  DEFAULT_EXPORT_COLUMNS,
  transactionCsvLines,
  transactionsToCsv,
  type ExportableTransaction,
  type TransactionCsvColumn,
  type TransactionCsvOptions,
} from './export-transactions.js';
export {
  DEFAULT_CSV_MAX_BYTES,
  DEFAULT_CSV_MAX_ERRORS,
  DEFAULT_CSV_MAX_ROWS,
  parseTransactionsCsv,
  type CsvRowError,
  type ParseTransactionsCsvOptions,
  type ParseTransactionsCsvResult,
} from './parse-transactions.js';
export { readCsvRecords, type CsvRecord } from './reader.js';
export { csvCell, csvLine, CSV_LINE_END } from './writer.js';
