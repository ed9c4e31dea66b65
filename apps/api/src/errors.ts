import { TRPCError } from '@trpc/server';
import {
  ConflictError,
  DatabaseUnavailableError,
  InvalidCursorError,
  InvalidInputError,
  NotFoundError,
} from '@klerno/db';
import {
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
} from './services/errors.js';
import { RateLimitedError } from './rate-limit/errors.js';

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
  if (cause instanceof RateLimitedError) return as('TOO_MANY_REQUESTS', cause.message);
  if (cause instanceof RecordNotFoundError) return as('NOT_FOUND', cause.message);
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
