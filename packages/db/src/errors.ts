/**
 * Typed errors of the data layer. The API maps each class to one status (conflict → 409,
 * invalid cursor or input → 400, not found → 404, unavailable → 503). Messages never carry
 * secrets, SQL parameters or connection passwords, so they are safe to log.
 */

/** A unique rule would be broken: an email already taken, or one (chain, txId) twice in a batch. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** A record the call depends on does not exist (e.g. writing into an unknown organization). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A cursor that no list of ours produced (tampered, truncated or from another version). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor(message = 'The cursor is not valid.') {
    super(message);
  }
}

/** Input a repository refuses before touching the database (bad decimal, timestamp, limit…). */
export class InvalidInputError extends Error {
  override readonly name: string = 'InvalidInputError';
}

/** The database cannot be reached or refused the connection. Names the target, never a password. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(
    message: string,
    /** What was being reached: `host:port` for PostgreSQL, the file path for SQLite. */
    readonly target: string,
    /** The driver's error code when there was one (e.g. ECONNREFUSED, CONNECT_TIMEOUT). */
    readonly reason?: string,
  ) {
    super(message);
  }
}

/**
 * Any other failure of a query. Replaces the driver's error so that SQL parameters (password
 * hashes, emails) never reach a log through the message of an error.
 */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  constructor(
    message: string,
    /** The driver's error code (SQLSTATE on PostgreSQL, SQLITE_* on SQLite) when known. */
    readonly code?: string,
  ) {
    super(message);
  }
}
