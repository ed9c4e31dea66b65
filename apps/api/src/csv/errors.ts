import { InvalidInputError } from '@klerno/db';

/** Why a whole CSV file was refused (as opposed to one bad row, which is reported and skipped). */
export type CsvFileErrorCode =
  | 'too_large'
  | 'not_utf8'
  | 'nul_byte'
  | 'unterminated_quote'
  | 'no_header'
  | 'missing_columns'
  | 'duplicate_columns'
  | 'too_many_rows';

/**
 * The file as a whole cannot be imported; nothing in it is usable. Extends the store's
 * InvalidInputError, so the API maps it to 400 with this message (safe to show: it never
 * repeats cell contents).
 */
export class CsvFileError extends InvalidInputError {
  override readonly name: string = 'CsvFileError';
  constructor(
    readonly code: CsvFileErrorCode,
    message: string,
    /** The physical line (1-based) the problem was found on, when there is one. */
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Thrown before any parsing when the input is larger than the configured limit. */
export class CsvTooLargeError extends CsvFileError {
  override readonly name = 'CsvTooLargeError';
  constructor(
    readonly maxBytes: number,
    readonly actualBytes: number,
  ) {
    super(
      'too_large',
      `the file is ${formatBytes(actualBytes)}; the limit is ${formatBytes(maxBytes)}`,
    );
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
