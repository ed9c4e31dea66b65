import { errorCode, isOwnError, UNKNOWN_REFERENCE, unwrapQueryError } from '../driver-errors.js';
import { DatabaseError, DatabaseUnavailableError, NotFoundError } from '../errors.js';
import { redactPassword } from './target.js';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'PING_TIMEOUT',
  '28000', // invalid authorization specification
  '28P01', // invalid password
  '3D000', // database does not exist
  '53300', // too many connections
  '57P01', // admin shutdown
  '57P02', // crash shutdown
  '57P03', // cannot connect now
]);

export function isUnavailableCode(code: string | undefined): boolean {
  return code !== undefined && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'));
}

/** Turns what postgres.js (through Drizzle) threw into one of our typed errors. */
export function mapPgError(error: unknown, url: string, target: string): unknown {
  const cause = unwrapQueryError(error);
  if (isOwnError(cause)) return cause;
  const code = errorCode(cause);
  if (isUnavailableCode(code)) return pgUnavailable(cause, url, target);
  // By name: a second copy of postgres.js (ESM and CJS) would defeat `instanceof`.
  if (!(cause instanceof Error) || cause.name !== 'PostgresError') return cause;
  if (code === '23503') return new NotFoundError(UNKNOWN_REFERENCE);
  return new DatabaseError(`PostgreSQL query failed: ${redactPassword(cause.message, url)}`, code);
}

export function pgUnavailable(
  cause: unknown,
  url: string,
  target: string,
): DatabaseUnavailableError {
  const code = errorCode(cause);
  const detail = cause instanceof Error ? redactPassword(cause.message, url) : undefined;
  return new DatabaseUnavailableError(
    `PostgreSQL at ${target} is unavailable${code ? ` (${code})` : ''}${detail ? `: ${detail}` : ''}`,
    target,
    code,
  );
}
