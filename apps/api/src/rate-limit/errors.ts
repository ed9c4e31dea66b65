import { DomainError } from '../services/errors.js';
import { retryAfterSeconds, type RateLimitDecision } from './decision.js';

/** A limit refused the request (429); `retryAfterSeconds` is what Retry-After and data.retryAfter say. */
export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(
    readonly decision: RateLimitDecision,
    message = `Too many requests; try again in ${retryAfterSeconds(decision)} s`,
  ) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds(decision);
  }
}
