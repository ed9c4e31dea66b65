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

/** No access token, or one that is invalid, expired, or belongs to a user who can no longer sign in. */
export class NotAuthenticatedError extends DomainError {
  constructor() {
    super('Sign-in required: missing, invalid or expired access token');
  }
}

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
