import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  InvalidDecimalError,
  addFixedPoint,
  decimalSortKey,
  fromFixedPoint,
  medianDecimal,
  toFixedPoint,
  type FixedPoint,
} from '../decimal.js';
import { DatabaseUnavailableError } from '../errors.js';

export type SqliteConnection = Database.Database;

const BUSY_TIMEOUT_MS = 5000;
const CACHE_KIB = 64 * 1024;
const WAL_CHECKPOINT_PAGES = 4000;

/**
 * Opens (creating its directory on a fresh machine) a SQLite file with WAL, foreign keys and a
 * busy timeout, and registers `decimal_sum`. `path` may be ':memory:'.
 */
export function openSqliteConnection(path: string): SqliteConnection {
  let connection: SqliteConnection | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    connection = new Database(path);
    connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
    connection.pragma('foreign_keys = ON');
    // 64 MiB of page cache (the default is 2 MiB): a million-row store's hot index pages stay in
    // memory. Checkpoints every 4000 pages instead of 1000: fewer, larger copies back into the
    // database file, which a batch of 1000 rows (thousands of dirty index pages) triggers anyway.
    connection.pragma(`cache_size = -${CACHE_KIB}`);
    connection.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    registerDecimalFunctions(connection);
    return connection;
  } catch (error) {
    connection?.close();
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : undefined;
    throw new DatabaseUnavailableError(
      `SQLite database ${path} cannot be opened${reason ? ` (${reason})` : ''}.`,
      path,
      reason,
    );
  }
}

/**
 * The decimal helpers every query (and migration 0002, which fills `amount_key`) relies on:
 * `decimal_sum`, `decimal_median` and `decimal_sort_key`.
 */
function registerDecimalFunctions(connection: SqliteConnection): void {
  registerDecimalSum(connection);
  registerDecimalMedian(connection);
  connection.function('decimal_sort_key', { deterministic: true, varargs: false }, (value) => {
    if (typeof value !== 'string') throw new InvalidDecimalError('not_a_string');
    return decimalSortKey(value);
  });
}

/**
 * `decimal_median(text)`: the exact median of canonical decimal strings (the mean of the two
 * middle values for an even count), as a canonical decimal string; NULL for no rows.
 */
function registerDecimalMedian(connection: SqliteConnection): void {
  const options: Database.AggregateOptions = {
    start: () => [],
    step: ((values: string[], value: unknown): string[] => {
      if (value === null || value === undefined) return values;
      if (typeof value !== 'string') throw new InvalidDecimalError('not_a_string');
      values.push(value);
      return values;
    }) as Database.AggregateOptions['step'],
    result: ((values: string[]) => medianDecimal(values)) as Database.AggregateOptions['result'],
    deterministic: true,
    varargs: false,
  };
  connection.aggregate('decimal_median', options);
}

/**
 * `decimal_sum(text)`: the exact sum of canonical decimal strings, as a canonical decimal
 * string; NULL when no non-NULL value was summed (like SQL's `sum`).
 */
function registerDecimalSum(connection: SqliteConnection): void {
  const options: Database.AggregateOptions = {
    start: () => null,
    step: ((total: FixedPoint | null, value: unknown): FixedPoint | null => {
      if (value === null || value === undefined) return total;
      // Amounts are TEXT; a REAL would already have lost digits, so only text is summed.
      if (typeof value !== 'string') throw new InvalidDecimalError('not_a_string');
      const next = toFixedPoint(value);
      return total === null ? next : addFixedPoint(total, next);
    }) as Database.AggregateOptions['step'],
    result: ((total: FixedPoint | null) =>
      total === null ? null : fromFixedPoint(total)) as Database.AggregateOptions['result'],
    deterministic: true,
    varargs: false,
  };
  connection.aggregate('decimal_sum', options);
}
