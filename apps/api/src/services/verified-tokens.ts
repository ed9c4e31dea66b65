/**
 * Access tokens that passed full verification, kept so the next request with the same token
 * skips the signature check (WebCrypto HMAC and jose's parsing cost more than a cached lookup of
 * the whole token string). Only the time-dependent checks can change for the same token, key set
 * and options, so each entry keeps the window in which jose would accept it again: exactly
 * jose's `exp`, `nbf` and `iat`/maxTokenAge checks with the same clock tolerance. Revocation is
 * unaffected: it is checked against the database on every request, after this.
 */

export interface TimeClaims {
  iat?: unknown;
  nbf?: unknown;
  exp?: unknown;
}

export interface TimeRules {
  clockToleranceSeconds: number;
  maxTokenAgeSeconds: number;
}

/** The seconds (jose's `epoch(now)`) at which a token with these claims verifies. */
interface Window {
  /** now ≥ notBefore */
  notBefore: number;
  /** now < expiresBefore */
  expiresBefore: number;
  /** now ≤ lastAccepted */
  lastAccepted: number;
}

const numeric = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** jose: nbf > now + tol fails; exp ≤ now − tol fails; now − iat − tol > max or < −tol fails. */
export function acceptanceWindow(claims: TimeClaims, rules: TimeRules): Window | null {
  const tolerance = rules.clockToleranceSeconds;
  const iat = numeric(claims.iat);
  if (iat === undefined) return null;
  const nbf = numeric(claims.nbf);
  const exp = numeric(claims.exp);
  return {
    notBefore: Math.max(iat - tolerance, nbf === undefined ? -Infinity : nbf - tolerance),
    expiresBefore: exp === undefined ? Infinity : exp + tolerance,
    lastAccepted: iat + rules.maxTokenAgeSeconds + tolerance,
  };
}

/** jose's `epoch(date)`. */
export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** A bounded map of verified tokens; the oldest entry goes when it is full. */
export class VerifiedTokenCache<Verified> {
  private readonly entries = new Map<string, { value: Verified; window: Window }>();

  constructor(private readonly capacity: number) {}

  /** The verified value, when the token verified before and would still verify at `now`. */
  get(token: string, now: Date): Verified | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    const seconds = epochSeconds(now);
    const { notBefore, expiresBefore, lastAccepted } = entry.window;
    if (seconds >= notBefore && seconds < expiresBefore && seconds <= lastAccepted) {
      return entry.value;
    }
    if (seconds >= expiresBefore || seconds > lastAccepted) this.entries.delete(token);
    return undefined;
  }

  set(token: string, value: Verified, claims: TimeClaims, rules: TimeRules): void {
    const window = acceptanceWindow(claims, rules);
    if (!window) return;
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { value, window });
  }
}
