import type { RouterInputs } from '../api/types.js';

type ListInput = Exclude<RouterInputs['transactions']['list'], void | undefined>;
export type Direction = NonNullable<ListInput['direction']>;
export type Category = NonNullable<ListInput['category']>;
export type RiskBucket = NonNullable<ListInput['riskBucket']>;
export type TransactionSort = NonNullable<ListInput['sort']>;

export const directions = ['in', 'out'] as const satisfies readonly Direction[];
export const categories = [
  'income',
  'expense',
  'fee',
  'trade',
  'transfer',
  'unknown',
] as const satisfies readonly Category[];
export const riskBuckets = ['low', 'medium', 'high'] as const satisfies readonly RiskBucket[];
export const transactionSorts = [
  'timestamp_desc',
  'timestamp_asc',
  'amount_desc',
  'amount_asc',
  'risk_desc',
] as const satisfies readonly TransactionSort[];
export const defaultSort: TransactionSort = 'timestamp_desc';

/**
 * What the explorer shows, as it travels in the address bar. Dates are UTC calendar days
 * (YYYY-MM-DD, both ends included); text fields go to the API as typed, which checks them.
 */
export interface ExplorerFilters {
  wallet?: string | undefined;
  direction?: Direction | undefined;
  category?: Category | undefined;
  riskBucket?: RiskBucket | undefined;
  from?: string | undefined;
  to?: string | undefined;
  minAmount?: string | undefined;
  maxAmount?: string | undefined;
  memo?: string | undefined;
  sort?: TransactionSort | undefined;
}

const textKeys = ['wallet', 'minAmount', 'maxAmount', 'memo'] as const;
const dateKeys = ['from', 'to'] as const;
/** The order parameters are written in, so one view always has one address. */
const parameterOrder = [
  'wallet',
  'direction',
  'category',
  'riskBucket',
  'from',
  'to',
  'minAmount',
  'maxAmount',
  'memo',
  'sort',
] as const satisfies readonly (keyof ExplorerFilters)[];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function oneOf<T extends string>(options: readonly T[], value: string | null): T | undefined {
  return value !== null && (options as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

/** Reads the filters from a query string; values that cannot be meant (unknown enum) are dropped. */
export function filtersFromSearch(search: string): ExplorerFilters {
  const params = new URLSearchParams(search);
  const filters: ExplorerFilters = {
    direction: oneOf(directions, params.get('direction')),
    category: oneOf(categories, params.get('category')),
    riskBucket: oneOf(riskBuckets, params.get('riskBucket')),
    sort: oneOf(transactionSorts, params.get('sort')),
  };
  for (const key of textKeys) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  for (const key of dateKeys) {
    const value = params.get(key)?.trim();
    if (value && isCalendarDay(value)) filters[key] = value;
  }
  return withoutEmpty(filters);
}

/** The query string of a view ("" when nothing is filtered); `extra` (e.g. an open row) goes last. */
export function searchOfFilters(
  filters: ExplorerFilters,
  extra: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const key of parameterOrder) {
    const value = filters[key];
    if (value !== undefined && value !== '' && !(key === 'sort' && value === defaultSort)) {
      params.set(key, value);
    }
  }
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function withoutEmpty(filters: ExplorerFilters): ExplorerFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== ''),
  );
}

/** The API's filter fields: days become inclusive UTC instants. */
export function apiFilters(filters: ExplorerFilters): Omit<ListInput, 'cursor' | 'limit'> {
  const { from, to, ...rest } = withoutEmpty(filters);
  return {
    ...rest,
    ...(from ? { from: `${from}T00:00:00.000Z` } : {}),
    ...(to ? { to: `${to}T23:59:59.999Z` } : {}),
  };
}

/** Whether any filter (not the sort) narrows the list. */
export function isFiltered(filters: ExplorerFilters): boolean {
  return parameterOrder.some((key) => key !== 'sort' && filters[key] !== undefined);
}
