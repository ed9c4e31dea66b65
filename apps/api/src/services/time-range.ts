/**
 * Time ranges of analytics and re-scoring: inclusive bounds, at most MAX_TIME_RANGE_DAYS long,
 * and — where a bound is left out — the caller's own `timeRangeDays` ending now.
 */
import { MAX_TIME_RANGE_DAYS } from '@klerno/db';
import { DomainError } from './errors.js';

const DAY_MS = 86_400_000;

export interface TimeRange {
  /** ISO 8601 UTC instants, both included. */
  from: string;
  to: string;
}

/** A range that ends before it starts, or spans more than MAX_TIME_RANGE_DAYS (400). */
export class InvalidTimeRangeError extends DomainError {}

/** Why the bounds are not a usable range, or null when they are. */
export function timeRangeProblem(fromMs: number, toMs: number): string | null {
  if (fromMs > toMs) return 'from must not be after to';
  if (toMs - fromMs > MAX_TIME_RANGE_DAYS * DAY_MS) {
    return `the range must span at most ${MAX_TIME_RANGE_DAYS} days`;
  }
  return null;
}

export function checkTimeRange(range: TimeRange): TimeRange {
  const problem = timeRangeProblem(Date.parse(range.from), Date.parse(range.to));
  if (problem) throw new InvalidTimeRangeError(`Invalid time range: ${problem}`);
  return range;
}

/**
 * The range asked for, a missing bound filled in: `to` defaults to now, `from` to `days` before
 * `to`. Throws InvalidTimeRangeError for a range that is not usable.
 */
export function resolveTimeRange(asked: Partial<TimeRange>, days: number, now: Date): TimeRange {
  const to = asked.to ?? now.toISOString();
  const from = asked.from ?? new Date(Date.parse(to) - days * DAY_MS).toISOString();
  return checkTimeRange({ from, to });
}
