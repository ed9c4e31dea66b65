import type { PgHandle } from './database.js';

/**
 * Runs a write that may fail on a constraint. Inside a caller's open transaction a failed
 * statement would abort all of it, so the write gets a savepoint of its own there.
 */
export function guarded<T>(
  db: PgHandle,
  insideTransaction: boolean,
  write: (handle: PgHandle) => Promise<T>,
): Promise<T> {
  return insideTransaction ? db.transaction(write) : write(db);
}
