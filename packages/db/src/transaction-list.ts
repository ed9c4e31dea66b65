/**
 * What every store does the same way for `transactions.list`: checking the request, the sort
 * key of a row, and the cursor (which names its sort, so it cannot be used with another one).
 */
import { decodeCursor, decodeCursorPair, encodeCursor, encodeCursorPair } from './cursor.js';
import { compareDecimals, parseDecimal } from './decimal.js';
import { InvalidCursorError, InvalidInputError } from './errors.js';
import { checkPageLimit, parseTimestamp } from './normalize.js';
import {
  DIRECTIONS,
  RISK_BUCKETS,
  TRANSACTION_CATEGORIES,
  TRANSACTION_SORTS,
  type Direction,
  type Page,
  type RiskBucketName,
  type Transaction,
  type TransactionCategory,
  type TransactionListRequest,
  type TransactionSort,
} from './ports.js';
import { isUuid } from './uuidv7.js';

/** A sort key: epoch ms (timestamp sorts), a canonical decimal (amount), basis points (risk). */
export type SortValue = number | string;

export interface SortPosition {
  value: SortValue;
  id: string;
}

export interface CheckedFilter {
  wallet?: string;
  direction?: Direction;
  category?: TransactionCategory;
  riskBucket?: RiskBucketName;
  fromMs?: number;
  toMs?: number;
  minAmount?: string;
  maxAmount?: string;
  memo?: string;
}

export interface CheckedListRequest {
  limit: number;
  sort: TransactionSort;
  descending: boolean;
  filter: CheckedFilter;
  after: SortPosition | undefined;
}

export function checkListRequest(request: TransactionListRequest): CheckedListRequest {
  const limit = checkPageLimit(request);
  const sort = request.sort ?? 'timestamp_desc';
  if (!(TRANSACTION_SORTS as readonly unknown[]).includes(sort)) {
    throw new InvalidInputError(`sort must be one of ${TRANSACTION_SORTS.join(', ')}`);
  }
  return {
    limit,
    sort,
    descending: sort.endsWith('_desc'),
    filter: checkFilter(request.filter ?? {}),
    after: request.cursor === undefined ? undefined : decodeListCursor(sort, request.cursor),
  };
}

function checkFilter(filter: NonNullable<TransactionListRequest['filter']>): CheckedFilter {
  const checked: CheckedFilter = {};
  const text = (field: 'wallet' | 'memo'): string | undefined => {
    const value: unknown = filter[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length === 0 || value.length > 1000) {
      throw new InvalidInputError(`filter.${field} must be a string of 1 to 1000 characters`);
    }
    return value;
  };
  const oneOf = <T extends string>(field: string, value: unknown, allowed: readonly T[]) => {
    if (value === undefined) return undefined;
    if (!(allowed as readonly unknown[]).includes(value)) {
      throw new InvalidInputError(`filter.${field} must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  };
  const amount = (field: 'minAmount' | 'maxAmount'): string | undefined => {
    const value = filter[field];
    if (value === undefined) return undefined;
    const parsed = parseDecimal(value);
    if (!parsed.ok) throw new InvalidInputError(`filter.${field} ${parsed.message}`);
    return parsed.value;
  };
  const wallet = text('wallet');
  if (wallet !== undefined) checked.wallet = wallet;
  const memo = text('memo');
  if (memo !== undefined) checked.memo = memo;
  const direction = oneOf('direction', filter.direction, DIRECTIONS);
  if (direction !== undefined) checked.direction = direction;
  const category = oneOf('category', filter.category, TRANSACTION_CATEGORIES);
  if (category !== undefined) checked.category = category;
  const riskBucket = oneOf('riskBucket', filter.riskBucket, RISK_BUCKETS);
  if (riskBucket !== undefined) checked.riskBucket = riskBucket;
  if (filter.from !== undefined) checked.fromMs = parseTimestamp(filter.from, 'filter.from');
  if (filter.to !== undefined) checked.toMs = parseTimestamp(filter.to, 'filter.to');
  const minAmount = amount('minAmount');
  if (minAmount !== undefined) checked.minAmount = minAmount;
  const maxAmount = amount('maxAmount');
  if (maxAmount !== undefined) checked.maxAmount = maxAmount;
  return checked;
}

/** The value a row is sorted by. */
export function sortValueOf(row: Transaction, sort: TransactionSort): SortValue {
  switch (sort) {
    case 'timestamp_desc':
    case 'timestamp_asc':
      return Date.parse(row.timestamp);
    case 'amount_desc':
    case 'amount_asc':
      return row.amount;
    case 'risk_desc':
      return Math.round(row.riskScore * 10000);
  }
}

/** Ascending order of two sort values of one sort. */
export function compareSortValues(sort: TransactionSort, a: SortValue, b: SortValue): number {
  if (sort === 'amount_desc' || sort === 'amount_asc') {
    return compareDecimals(a as string, b as string);
  }
  return (a as number) - (b as number);
}

export function encodeListCursor(sort: TransactionSort, position: SortPosition): string {
  // The default sort keeps the cursor format lists had before sorts existed.
  if (sort === 'timestamp_desc') {
    return encodeCursor({ timestampMs: position.value as number, id: position.id });
  }
  return encodeCursorPair(sort, [position.value, position.id]);
}

/** Throws `InvalidCursorError` for a cursor not made by `encodeListCursor` for this sort. */
export function decodeListCursor(sort: TransactionSort, cursor: string): SortPosition {
  if (sort === 'timestamp_desc') {
    const { timestampMs, id } = decodeCursor(cursor);
    return { value: timestampMs, id };
  }
  const [name, position] = decodeCursorPair(cursor, 300);
  if (name !== sort || !Array.isArray(position) || position.length !== 2) {
    throw new InvalidCursorError();
  }
  const [value, id] = position as [unknown, unknown];
  if (typeof id !== 'string' || !isUuid(id)) throw new InvalidCursorError();
  if (sort === 'amount_desc' || sort === 'amount_asc') {
    const parsed = typeof value === 'string' ? parseDecimal(value) : undefined;
    if (!parsed?.ok || parsed.value !== value) throw new InvalidCursorError();
    return { value, id };
  }
  const max = sort === 'risk_desc' ? 10000 : Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < -max || value > max) {
    throw new InvalidCursorError();
  }
  if (sort === 'risk_desc' && value < 0) throw new InvalidCursorError();
  return { value, id };
}

/** A page from `limit + 1` rows in sort order: the extra row proves a next page. */
export function sortedPage(
  rows: Transaction[],
  limit: number,
  sort: TransactionSort,
): Page<Transaction> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeListCursor(sort, { value: sortValueOf(last, sort), id: last.id })
      : null;
  return { items, nextCursor };
}

/** `%`, `_` and `\` match themselves in `LIKE … ESCAPE '\'`. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
