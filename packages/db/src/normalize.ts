/**
 * Checks and canonical forms shared by every store, applied before anything is written so that
 * a batch with one bad row writes nothing and every store stores the same values.
 */
import { parseDecimal } from './decimal.js';
import { ConflictError, InvalidInputError } from './errors.js';
import {
  DIRECTIONS,
  RISK_BUCKETS,
  ROLES,
  TRANSACTION_CATEGORIES,
  type Direction,
  type NewUser,
  type PageRequest,
  type RiskBucketName,
  type ScoredTransaction,
  type TransactionCategory,
  type TransactionScores,
} from './ports.js';

export const MAX_PAGE_LIMIT = 1000;

/**
 * A `ScoredTransaction` with canonical amounts, the timestamp as epoch milliseconds and every
 * score present (defaults filled in).
 */
export interface NormalizedTransaction
  extends
    Omit<ScoredTransaction, 'timestamp' | 'issuer' | keyof TransactionScores>,
    TransactionScores {
  timestampMs: number;
  issuer: string | null;
  /** `riskScore` × 10000, an integer 0..10000: how the stores keep it. */
  riskScoreBp: number;
}

/** The scores of a transaction ingested without any. */
export const UNSCORED: TransactionScores = {
  category: 'unknown',
  riskScore: 0,
  riskFlags: [],
  riskBucket: 'low',
  rulesetVersion: null,
};

const ISO_8601_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Epoch milliseconds of an ISO 8601 date-time that names its offset ('Z' or ±hh:mm). Refuses
 * what `Date.parse` would quietly roll over (2024-02-30, 24:00). Digits past milliseconds are cut.
 */
export function parseTimestamp(value: unknown, field = 'timestamp'): number {
  const match = typeof value === 'string' ? ISO_8601_WITH_OFFSET.exec(value) : null;
  if (!match) {
    throw new InvalidInputError(`${field} must be an ISO 8601 date-time with an offset or Z`);
  }
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part))) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  const realDate =
    calendarDay.getUTCFullYear() === year &&
    calendarDay.getUTCMonth() === month - 1 &&
    calendarDay.getUTCDate() === day;
  const realTime = hour <= 23 && minute <= 59 && second <= 59;
  const realOffset = offsetHours <= 23 && offsetMinutes <= 59;
  const millis = Date.parse(value as string);
  if (!realDate || !realTime || !realOffset || !Number.isFinite(millis)) {
    throw new InvalidInputError(`${field} is not a real date-time`);
  }
  return millis;
}

export function toIsoTimestamp(millis: number): string {
  return new Date(millis).toISOString();
}

export function normalizeEmail(email: string): string {
  return email.toLowerCase();
}

export function checkNewUser(input: NewUser): void {
  if (typeof input.email !== 'string' || input.email.length === 0) {
    throw new InvalidInputError('email must not be empty');
  }
  if (typeof input.passwordHash !== 'string' || input.passwordHash.length === 0) {
    throw new InvalidInputError('passwordHash must not be empty');
  }
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new InvalidInputError(`role must be one of ${ROLES.join(', ')}`);
  }
}

export function checkPageLimit(page: PageRequest): number {
  const { limit } = page;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new InvalidInputError(`limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
  return limit;
}

/** The key that must be unique per organization. */
export function transactionKey(chain: string, txId: string): string {
  return `${chain}\u0000${txId}`;
}

/**
 * Validates and canonicalises a batch. Throws `InvalidInputError` naming the first bad field
 * (`items[3].amount: …`) and `ConflictError` when one (chain, txId) appears twice.
 */
export function normalizeTransactions(
  items: readonly ScoredTransaction[],
): NormalizedTransaction[] {
  const seen = new Set<string>();
  return items.map((item, index) => {
    const normalized = normalizeTransaction(item, `items[${index}]`);
    const key = transactionKey(normalized.chain, normalized.txId);
    if (seen.has(key)) {
      throw new ConflictError(
        `The batch holds chain ${JSON.stringify(normalized.chain)} txId ${JSON.stringify(normalized.txId)} more than once.`,
      );
    }
    seen.add(key);
    return normalized;
  });
}

function normalizeTransaction(item: ScoredTransaction, at: string): NormalizedTransaction {
  const text = (field: 'chain' | 'txId' | 'fromAddress' | 'toAddress' | 'currency'): string => {
    const value: unknown = item[field];
    if (typeof value !== 'string' || value.length === 0) {
      throw new InvalidInputError(`${at}.${field} must be a non-empty string`);
    }
    return value;
  };
  const decimal = (field: 'amount' | 'fee'): string => {
    const parsed = parseDecimal(item[field]);
    if (!parsed.ok) throw new InvalidInputError(`${at}.${field} ${parsed.message}`);
    return parsed.value;
  };
  const direction: unknown = item.direction;
  if (!(DIRECTIONS as readonly unknown[]).includes(direction)) {
    throw new InvalidInputError(`${at}.direction must be one of ${DIRECTIONS.join(', ')}`);
  }
  const issuer: unknown = item.issuer ?? null;
  if (issuer !== null && (typeof issuer !== 'string' || issuer.length === 0)) {
    throw new InvalidInputError(`${at}.issuer must be a non-empty string or null`);
  }
  const memo: unknown = item.memo;
  if (memo !== null && typeof memo !== 'string') {
    throw new InvalidInputError(`${at}.memo must be a string or null`);
  }
  const tags: unknown = item.tags;
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
    throw new InvalidInputError(`${at}.tags must be an array of strings`);
  }
  return {
    chain: text('chain'),
    txId: text('txId'),
    timestampMs: parseTimestamp(item.timestamp, `${at}.timestamp`),
    fromAddress: text('fromAddress'),
    toAddress: text('toAddress'),
    amount: decimal('amount'),
    currency: text('currency'),
    issuer,
    direction: direction as Direction,
    memo,
    fee: decimal('fee'),
    tags: [...tags],
    ...normalizeScores(
      {
        category: item.category ?? UNSCORED.category,
        riskScore: item.riskScore ?? UNSCORED.riskScore,
        riskFlags: item.riskFlags ?? UNSCORED.riskFlags,
        riskBucket: item.riskBucket ?? UNSCORED.riskBucket,
        rulesetVersion: item.rulesetVersion ?? UNSCORED.rulesetVersion,
      },
      at,
    ),
  };
}

/** Checks computed fields; `riskScoreBp` is the score as integer basis points. */
export function normalizeScores(
  scores: TransactionScores,
  at: string,
): TransactionScores & { riskScoreBp: number } {
  const category: unknown = scores.category;
  if (!(TRANSACTION_CATEGORIES as readonly unknown[]).includes(category)) {
    throw new InvalidInputError(
      `${at}.category must be one of ${TRANSACTION_CATEGORIES.join(', ')}`,
    );
  }
  const bucket: unknown = scores.riskBucket;
  if (!(RISK_BUCKETS as readonly unknown[]).includes(bucket)) {
    throw new InvalidInputError(`${at}.riskBucket must be one of ${RISK_BUCKETS.join(', ')}`);
  }
  const riskScoreBp = scoreToBasisPoints(scores.riskScore, `${at}.riskScore`);
  const flags: unknown = scores.riskFlags;
  if (!Array.isArray(flags) || !flags.every((flag) => typeof flag === 'string')) {
    throw new InvalidInputError(`${at}.riskFlags must be an array of strings`);
  }
  const version: unknown = scores.rulesetVersion;
  if (version !== null && (typeof version !== 'string' || version.length === 0)) {
    throw new InvalidInputError(`${at}.rulesetVersion must be a non-empty string or null`);
  }
  return {
    category: category as TransactionCategory,
    riskScore: riskScoreBp / 10000,
    riskScoreBp,
    riskFlags: [...flags],
    riskBucket: bucket as RiskBucketName,
    rulesetVersion: version,
  };
}

/** A 0..1 score with at most four decimals as integer basis points; `InvalidInputError` otherwise. */
export function scoreToBasisPoints(score: unknown, field: string): number {
  const scaled = typeof score === 'number' ? score * 10000 : Number.NaN;
  const basisPoints = Math.round(scaled);
  if (!Number.isFinite(scaled) || Math.abs(scaled - basisPoints) > 1e-6) {
    throw new InvalidInputError(`${field} must be a number from 0 to 1 with at most 4 decimals`);
  }
  if (basisPoints < 0 || basisPoints > 10000) {
    throw new InvalidInputError(`${field} must be a number from 0 to 1 with at most 4 decimals`);
  }
  return basisPoints;
}
