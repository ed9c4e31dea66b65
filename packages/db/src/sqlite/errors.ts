import Database from 'better-sqlite3';
import { isOwnError, UNKNOWN_REFERENCE, unwrapQueryError } from '../driver-errors.js';
import { DatabaseError, DatabaseUnavailableError, NotFoundError } from '../errors.js';

const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|CORRUPT|NOTADB|PERM)/;

/** Turns what better-sqlite3 (through Drizzle) threw into one of our typed errors. */
export function mapSqliteError(error: unknown, path: string): unknown {
  const cause = unwrapQueryError(error);
  if (isOwnError(cause)) return cause;
  if (cause instanceof Database.SqliteError) {
    if (cause.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new NotFoundError(UNKNOWN_REFERENCE);
    if (UNAVAILABLE.test(cause.code)) {
      return new DatabaseUnavailableError(
        `SQLite database ${path} is unavailable (${cause.code}).`,
        path,
        cause.code,
      );
    }
    return new DatabaseError(`SQLite query failed: ${cause.message}`, cause.code);
  }
  if (cause instanceof TypeError && /database connection is not open/.test(cause.message)) {
    return new DatabaseUnavailableError(`SQLite database ${path} is closed.`, path, 'CLOSED');
  }
  return cause;
}
