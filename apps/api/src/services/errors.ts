/**
 * Domain errors: what went wrong in business terms. Services throw these; they know
 * nothing of tRPC or HTTP. `../errors.ts` maps each to a tRPC code, in one place.
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Unknown email, wrong password or disabled account: deliberately indistinguishable. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('Invalid email or password');
  }
}

/**
 * No credentials, or ones that are malformed, invalid, expired, revoked, or belong to a user who
 * can no longer sign in. The message says which, never repeating the credential.
 */
export class NotAuthenticatedError extends DomainError {
  constructor(
    message = 'Sign-in required: send an access token (Authorization: Bearer) or an API key (X-API-Key)',
  ) {
    super(message);
  }
}

/** A refresh token that is unknown, expired, revoked or reused: the client must sign in again. */
export class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super('The refresh token is invalid, expired or revoked; sign in again');
  }
}

/** An invitation token that cannot be used to register (the reason is safe to show its holder). */
export class InvalidInvitationError extends DomainError {
  constructor(readonly reason: 'unknown' | 'accepted' | 'revoked' | 'expired' | 'email_mismatch') {
    super(
      {
        unknown: 'This invitation does not exist; ask an admin of the organization for a new one',
        accepted: 'This invitation has already been used',
        revoked: 'This invitation was revoked; ask an admin of the organization for a new one',
        expired: 'This invitation has expired; ask an admin of the organization for a new one',
        email_mismatch: 'This invitation was made for another email address',
      }[reason],
    );
  }
}

/** changePassword with a wrong current password, or a new password equal to the current one. */
export class PasswordChangeRefusedError extends DomainError {}

/** Registration with an email that already has an account (says no more than needed). */
export class EmailUnavailableError extends DomainError {
  constructor() {
    super('This email address cannot be used to register');
  }
}

/** The same (chain, txId) appears more than once in one ingest batch; nothing was written. */
export class DuplicateInBatchError extends DomainError {
  constructor(
    readonly chain: string,
    readonly txId: string,
    readonly positions: [number, number],
  ) {
    super(
      `Transaction ${chain}/${txId} appears twice in the batch (items ${positions[0]} and ${positions[1]}); nothing was written`,
    );
  }
}

/** The caller is signed in but may not do this (role too low, or an API key where only a user may act). */
export class ForbiddenError extends DomainError {}

/** The id names nothing of the caller's organization (ids of other organizations look the same). */
export class RecordNotFoundError extends DomainError {
  constructor(kind: string) {
    super(`No ${kind} with this id in your organization`);
  }
}

/** The change would leave the organization without an active admin. */
export class LastAdminError extends DomainError {
  constructor() {
    super(
      "This is the organization's last active admin: make another member an admin first, then try again",
    );
  }
}

/** An invitation for an email address that already has an account. */
export class EmailAlreadyRegisteredError extends DomainError {
  constructor() {
    super('An account with this email address already exists; it cannot be invited');
  }
}

/** The invitation was already accepted or revoked, so it can no longer be revoked. */
export class InvitationNotPendingError extends DomainError {
  constructor(state: 'accepted' | 'revoked') {
    super(`This invitation was already ${state}`);
  }
}

/** A line of a CSV upload that cannot be imported, as `transactions.importCsv` reports it. */
export interface RowError {
  /** Physical line (1-based) on which the record starts. */
  line: number;
  field?: string | undefined;
  reason: string;
}

/**
 * Some rows of a CSV upload are bad and the caller did not ask to skip them: nothing was written.
 * Every bad row's line and reason travels with the error (`data.rowErrors`).
 */
export class CsvRowsRejectedError extends DomainError {
  constructor(
    readonly rowErrors: readonly RowError[],
    readonly badRowCount: number,
    goodRowCount: number,
  ) {
    super(
      `${badRowCount} ${badRowCount === 1 ? 'row has' : 'rows have'} problems (see data.rowErrors); nothing was imported. ` +
        `Fix them, or send skipBadRows: true to import the other ${goodRowCount}`,
    );
  }
}

/** Ids the caller named that are not records of its organization (unknown, or another's). */
export class RecordsNotFoundError extends DomainError {
  constructor(kind: string, field: string, missingIds: readonly string[]) {
    const shown = missingIds.slice(0, 5).join(', ');
    const more = missingIds.length > 5 ? ` and ${missingIds.length - 5} more` : '';
    super(
      `${missingIds.length} of the ${field} ${missingIds.length === 1 ? 'is' : 'are'} not ${kind} of your organization: ${shown}${more}`,
    );
  }
}

/** A result too large for a tRPC answer; the message says where to get it instead. */
export class ResultTooLargeError extends DomainError {}

/**
 * Why an XRPL import failed at the node: the reason decides the HTTP status (see ../errors.ts).
 * Messages never name the node's URL or host (it may carry a provider's key, or be internal).
 */
export type XrplImportFailure =
  | 'account_not_found'
  | 'invalid_request'
  | 'node_busy'
  | 'node_refused'
  | 'timeout'
  | 'unreachable'
  | 'bad_answer';

export class XrplImportError extends DomainError {
  constructor(
    readonly failure: XrplImportFailure,
    message: string,
  ) {
    super(message);
  }
}
