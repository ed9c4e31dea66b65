import { moreRestrictive, retryAfterSeconds, type RateLimitDecision } from './decision.js';

/**
 * The headers of SPEC §6 for a decision. `X-RateLimit-Reset` is an epoch time in seconds (the
 * common convention); the IETF fields follow draft-ietf-httpapi-ratelimit-headers-11:
 * `RateLimit-Policy: "read";q=600;w=60` and `RateLimit: "read";r=37;t=23` (t: seconds left).
 */
export function rateLimitHeaders(
  decision: RateLimitDecision,
  nowMs: number,
): Record<string, string> {
  const resetSeconds = Math.ceil(decision.resetInMs / 1000);
  const policy = `"${decision.policy}"`;
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(Math.max(0, decision.remaining)),
    'X-RateLimit-Reset': String(Math.ceil((nowMs + decision.resetInMs) / 1000)),
    'RateLimit-Policy': `${policy};q=${decision.limit};w=${decision.windowSeconds}`,
    RateLimit: `${policy};r=${Math.max(0, decision.remaining)};t=${resetSeconds}`,
  };
  if (!decision.allowed) headers['Retry-After'] = String(retryAfterSeconds(decision));
  return headers;
}

/**
 * The rate-limit decisions made for one HTTP response. Several are made per request (client IP
 * and identity, login checks, every call of a tRPC batch); the headers always show the most
 * restrictive one seen so far, so a batch's headers agree with its strictest call.
 */
export class RateLimitReport {
  #shown: RateLimitDecision | null = null;

  constructor(
    private readonly setHeader: (name: string, value: string) => void,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** The decision the headers show, if any was reported. */
  get shown(): RateLimitDecision | null {
    return this.#shown;
  }

  add(decision: RateLimitDecision): void {
    const next = this.#shown ? moreRestrictive(this.#shown, decision) : decision;
    if (next === this.#shown) return;
    this.#shown = next;
    for (const [name, value] of Object.entries(rateLimitHeaders(next, this.nowMs()))) {
      this.setHeader(name, value);
    }
  }
}
