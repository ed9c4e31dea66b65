/**
 * What every store shares for `analytics.summary`: the range check, and the assembly of the
 * summary from a handful of aggregate rows (one per currency, day, category and top address),
 * so the stores agree on rounding and ordering to the last digit.
 */
import { canonicalDecimal } from './decimal.js';
import { InvalidInputError } from './errors.js';
import { parseTimestamp } from './normalize.js';
import {
  TRANSACTION_CATEGORIES,
  type AnalyticsRange,
  type AnalyticsSummaryRecord,
  type TransactionCategory,
} from './ports.js';

export const DEFAULT_TOP_ADDRESSES = 10;
export const MAX_TOP_ADDRESSES = 100;
/** The history rules' flags: what the anomaly share counts. */
export const ANOMALY_FLAGS = ['amount_anomaly', 'structured_layering'] as const;

const DAY_MS = 86_400_000;
const MAX_CURRENCY_LENGTH = 64;

export interface CheckedAnalyticsRange {
  fromMs: number;
  toMs: number;
  /** Null: every currency. */
  currency: string | null;
  topAddresses: number;
}

/** Parses the bounds (InvalidInputError for a bad one, or `from` after `to`). */
export function checkTimeBounds(range: Pick<AnalyticsRange, 'from' | 'to'>): {
  fromMs: number;
  toMs: number;
} {
  const fromMs = parseTimestamp(range.from, 'from');
  const toMs = parseTimestamp(range.to, 'to');
  if (fromMs > toMs) throw new InvalidInputError('from must not be after to');
  return { fromMs, toMs };
}

export function checkAnalyticsRange(range: AnalyticsRange): CheckedAnalyticsRange {
  const { fromMs, toMs } = checkTimeBounds(range);
  const { currency, topAddresses = DEFAULT_TOP_ADDRESSES } = range;
  if (
    currency !== undefined &&
    (typeof currency !== 'string' || currency.length === 0 || currency.length > MAX_CURRENCY_LENGTH)
  ) {
    throw new InvalidInputError(`currency must be 1..${MAX_CURRENCY_LENGTH} characters`);
  }
  if (!Number.isSafeInteger(topAddresses) || topAddresses < 1 || topAddresses > MAX_TOP_ADDRESSES) {
    throw new InvalidInputError(`topAddresses must be an integer from 1 to ${MAX_TOP_ADDRESSES}`);
  }
  return { fromMs, toMs, currency: currency ?? null, topAddresses };
}

/** Figures of one group of rows; scores are basis points. */
export interface GroupFigures {
  count: number;
  scoreSum: number;
  low: number;
  medium: number;
  high: number;
  anomalies: number;
}

/** The aggregates a store computes; `assembleSummary` turns them into the record. */
export interface SummaryParts {
  total: GroupFigures;
  /** Exact sums as decimal strings (any plain form; made canonical here). */
  currencies: { currency: string; count: number; volume: string }[];
  /** `day`: days since 1970-01-01 (UTC), i.e. floor(epoch ms / 86 400 000). */
  days: ({ day: number } & GroupFigures)[];
  categories: { category: string; count: number }[];
  /** At most `topAddresses` of them, already the top ones. */
  addresses: { address: string; count: number; scoreSum: number; maxScore: number }[];
}

/** Days since the epoch of an instant: floor division, so instants before 1970 work too. */
export function utcDayOf(millis: number): number {
  return Math.floor(millis / DAY_MS);
}

/** A basis-point mean as a score with four decimals; 0 for no rows. */
function meanScore(scoreSum: number, count: number): number {
  return count === 0 ? 0 : Math.round(scoreSum / count) / 10_000;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isCategory(value: string): value is TransactionCategory {
  return (TRANSACTION_CATEGORIES as readonly string[]).includes(value);
}

export function assembleSummary(parts: SummaryParts): AnalyticsSummaryRecord {
  const { total } = parts;
  return {
    count: total.count,
    volumes: parts.currencies
      .map(({ currency, count, volume }) => ({
        currency,
        count,
        volume: canonicalDecimal(volume),
      }))
      .sort((a, b) => b.count - a.count || byText(a.currency, b.currency)),
    averageRisk: meanScore(total.scoreSum, total.count),
    buckets: { low: total.low, medium: total.medium, high: total.high },
    daily: [...parts.days]
      .sort((a, b) => a.day - b.day)
      .map((day) => ({
        day: new Date(day.day * DAY_MS).toISOString().slice(0, 10),
        count: day.count,
        averageRisk: meanScore(day.scoreSum, day.count),
        low: day.low,
        medium: day.medium,
        high: day.high,
      })),
    categories: parts.categories
      .filter((entry): entry is { category: TransactionCategory; count: number } =>
        isCategory(entry.category),
      )
      .sort((a, b) => b.count - a.count || byText(a.category, b.category)),
    topRiskAddresses: parts.addresses
      .map(({ address, count, scoreSum, maxScore }) => ({
        address,
        count,
        maxRisk: maxScore / 10_000,
        averageRisk: meanScore(scoreSum, count),
        // Unrounded, for the order only: a rounded mean would tie apart different means.
        mean: scoreSum / count,
      }))
      .sort(compareRiskAddresses)
      .map(({ mean: _mean, ...entry }) => entry),
    anomalyShare: total.count === 0 ? 0 : total.anomalies / total.count,
  };
}

/** The order of `topRiskAddresses`: highest maximum, then mean, then count; then the address. */
export function compareRiskAddresses(
  a: { address: string; count: number; maxRisk: number; mean: number },
  b: { address: string; count: number; maxRisk: number; mean: number },
): number {
  return (
    b.maxRisk - a.maxRisk || b.mean - a.mean || b.count - a.count || byText(a.address, b.address)
  );
}

export const EMPTY_FIGURES: GroupFigures = {
  count: 0,
  scoreSum: 0,
  low: 0,
  medium: 0,
  high: 0,
  anomalies: 0,
};

/**
 * One row of a SQL store's summary statement: which part it belongs to, its key (currency, day
 * number, category or address) and its figures. Drivers may return big integers as strings.
 */
export interface SummaryPartRow {
  kind: 'total' | 'currency' | 'day' | 'category' | 'address';
  key: string | number | null;
  count: number | string;
  scoreSum: number | string;
  low: number | string;
  medium: number | string;
  high: number | string;
  anomalies: number | string;
  maxScore: number | string | null;
  volume: string | null;
}

export function partsOf(rows: readonly SummaryPartRow[]): SummaryParts {
  const parts: SummaryParts = {
    total: EMPTY_FIGURES,
    currencies: [],
    days: [],
    categories: [],
    addresses: [],
  };
  for (const row of rows) {
    const figures: GroupFigures = {
      count: Number(row.count),
      scoreSum: Number(row.scoreSum),
      low: Number(row.low),
      medium: Number(row.medium),
      high: Number(row.high),
      anomalies: Number(row.anomalies),
    };
    const key = String(row.key);
    switch (row.kind) {
      case 'total':
        parts.total = figures;
        break;
      case 'currency':
        parts.currencies.push({ currency: key, count: figures.count, volume: row.volume ?? '0' });
        break;
      case 'day':
        parts.days.push({ day: Number(row.key), ...figures });
        break;
      case 'category':
        parts.categories.push({ category: key, count: figures.count });
        break;
      case 'address':
        parts.addresses.push({
          address: key,
          count: figures.count,
          scoreSum: figures.scoreSum,
          maxScore: Number(row.maxScore ?? 0),
        });
        break;
    }
  }
  return parts;
}
