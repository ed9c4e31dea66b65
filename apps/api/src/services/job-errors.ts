/** Domain errors of background jobs (mapped to tRPC codes in ../errors.ts). */
import { DomainError } from './errors.js';

/** The organization already has as many re-scoring jobs queued or running as it may (409). */
export class RescoreBusyError extends DomainError {
  constructor(limit: number) {
    super(
      `Your organization already has ${limit} re-scoring jobs queued or running; wait for one to finish`,
    );
  }
}

/** This instance is shutting down and takes no new jobs (503: try again, another instance answers). */
export class JobsUnavailableError extends DomainError {
  constructor() {
    super('The server is shutting down and takes no new jobs; try again in a moment');
  }
}
