import { DrizzleQueryError } from 'drizzle-orm/errors';
import {
  ConflictError,
  DatabaseError,
  DatabaseUnavailableError,
  InvalidCursorError,
  InvalidInputError,
  NotFoundError,
} from './errors.js';

/** Drizzle wraps driver errors with the SQL and its parameters in the message: drop that wrapper. */
export function unwrapQueryError(error: unknown): unknown {
  return error instanceof DrizzleQueryError && error.cause !== undefined ? error.cause : error;
}

export function isOwnError(error: unknown): boolean {
  return (
    error instanceof ConflictError ||
    error instanceof NotFoundError ||
    error instanceof InvalidCursorError ||
    error instanceof InvalidInputError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof DatabaseError
  );
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const UNKNOWN_ORGANIZATION = 'The organization does not exist.';

/** A foreign key failed: the drivers do not say which (SQLite) reliably, so name the candidates. */
export const UNKNOWN_REFERENCE =
  'A record it refers to (the organization, a user or a session) does not exist.';
