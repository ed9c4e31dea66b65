import { TRPCError } from '@trpc/server';
import {
  ConflictError,
  DatabaseUnavailableError,
  InvalidCursorError,
  InvalidInputError,
  NotFoundError,
} from '@klerno/db';
import { CsvTooLargeError } from './csv/errors.js';
import { Iso20022Error } from './iso20022/errors.js';
import {
  AlertAssigneeError,
  AlertChangedError,
  AlertTransitionError,
} from './services/alert-errors.js';
import {
  CsvRowsRejectedError,
  DuplicateInBatchError,
  EmailAlreadyRegisteredError,
  EmailUnavailableError,
  ForbiddenError,
  InvalidCredentialsError,
  InvalidInvitationError,
  InvalidRefreshTokenError,
  InvitationNotPendingError,
  LastAdminError,
  NotAuthenticatedError,
  PasswordChangeRefusedError,
  RecordNotFoundError,
  RecordsNotFoundError,
  ResultTooLargeError,
  XrplImportError,
  type XrplImportFailure,
} from './services/errors.js';
import { RateLimitedError } from './rate-limit/errors.js';
import { JobsUnavailableError, RescoreBusyError } from './services/job-errors.js';
import { InvalidTimeRangeError } from './services/time-range.js';

/** The node's answer decides: its absence is a gateway problem (5xx), never our 500. */
const XRPL_FAILURE_CODES: Record<XrplImportFailure, TRPCError['code']> = {
  account_not_found: 'NOT_FOUND',
  invalid_request: 'BAD_REQUEST',
  node_busy: 'SERVICE_UNAVAILABLE',
  node_refused: 'BAD_GATEWAY',
  timeout: 'GATEWAY_TIMEOUT',
  unreachable: 'BAD_GATEWAY',
  bad_answer: 'BAD_GATEWAY',
};

/**
 * The one place where domain and store errors become tRPC errors (and so HTTP statuses).
 * Anything not listed stays an INTERNAL_SERVER_ERROR whose message the client never sees.
 */
export function toTRPCError(cause: unknown): TRPCError | null {
  const as = (code: TRPCError['code'], message: string) => new TRPCError({ code, message, cause });

  if (
    cause instanceof InvalidCredentialsError ||
    cause instanceof NotAuthenticatedError ||
    cause instanceof InvalidRefreshTokenError
  ) {
    return as('UNAUTHORIZED', cause.message);
  }
  if (cause instanceof InvalidInvitationError || cause instanceof PasswordChangeRefusedError) {
    return as('BAD_REQUEST', cause.message);
  }
  if (cause instanceof EmailUnavailableError || cause instanceof DuplicateInBatchError) {
    return as('CONFLICT', cause.message);
  }
  if (cause instanceof ForbiddenError) return as('FORBIDDEN', cause.message);
  if (cause instanceof InvalidTimeRangeError) return as('BAD_REQUEST', cause.message);
  if (cause instanceof RescoreBusyError) return as('CONFLICT', cause.message);
  if (cause instanceof JobsUnavailableError) return as('SERVICE_UNAVAILABLE', cause.message);
  if (cause instanceof AlertTransitionError || cause instanceof AlertChangedError) {
    return as('CONFLICT', cause.message);
  }
  if (cause instanceof AlertAssigneeError) return as('BAD_REQUEST', cause.message);
  if (cause instanceof RateLimitedError) return as('TOO_MANY_REQUESTS', cause.message);
  if (cause instanceof RecordNotFoundError || cause instanceof RecordsNotFoundError) {
    return as('NOT_FOUND', cause.message);
  }
  // Some rows of an upload are bad: 422 with every bad row in data.rowErrors (see ./trpc.ts).
  if (cause instanceof CsvRowsRejectedError) return as('UNPROCESSABLE_CONTENT', cause.message);
  if (
    cause instanceof CsvTooLargeError ||
    cause instanceof ResultTooLargeError ||
    (cause instanceof Iso20022Error && cause.code === 'too_large')
  ) {
    return as('PAYLOAD_TOO_LARGE', cause.message);
  }
  if (cause instanceof XrplImportError) return as(XRPL_FAILURE_CODES[cause.failure], cause.message);
  if (
    cause instanceof LastAdminError ||
    cause instanceof EmailAlreadyRegisteredError ||
    cause instanceof InvitationNotPendingError
  ) {
    return as('CONFLICT', cause.message);
  }
  if (cause instanceof ConflictError)
    return as('CONFLICT', 'The request conflicts with existing data');
  if (cause instanceof InvalidCursorError)
    return as('BAD_REQUEST', 'Invalid cursor: pass a nextCursor returned by this list');
  // Repositories re-check what the DTOs already validated; their messages are safe to show.
  if (cause instanceof InvalidInputError) return as('BAD_REQUEST', cause.message);
  if (cause instanceof NotFoundError) return as('NOT_FOUND', cause.message);
  if (cause instanceof DatabaseUnavailableError) {
    return as('SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly');
  }
  return null;
}
