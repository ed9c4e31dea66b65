import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  InvalidDecimalError,
  addFixedPoint,
  fromFixedPoint,
  toFixedPoint,
  type FixedPoint,
} from '../decimal.js';
import { DatabaseUnavailableError } from '../errors.js';

export type SqliteConnection = Database.Database;

const BUSY_TIMEOUT_MS = 5000;

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
    registerDecimalSum(connection);
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
