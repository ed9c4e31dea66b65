import type { RouterInputs } from '../api/types.js';
import type { AddressView } from '../filters/address-view.js';
import {
  choiceField,
  dayField,
  readSearch,
  textField,
  withoutEmpty,
  writeSearch,
} from '../filters/search-fields.js';
import type { SearchFields } from '../filters/search-fields.js';
import { dayRange } from '../filters/utc-days.js';
import { pagePaths } from '../shell/navigation.js';

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

/** In the order parameters are written, so one view always has one address. */
const explorerFields: SearchFields<ExplorerFilters> = {
  wallet: textField,
  direction: choiceField(directions),
  category: choiceField(categories),
  riskBucket: choiceField(riskBuckets),
  from: dayField,
  to: dayField,
  minAmount: textField,
  maxAmount: textField,
  memo: textField,
  sort: choiceField(transactionSorts, defaultSort),
};

/** The explorer's address: its filters and sort, and `tx`, the row open beside the list. */
export const explorerView: AddressView<ExplorerFilters> = {
  path: pagePaths.transactions,
  fields: explorerFields,
  openParam: 'tx',
};

/** Reads the filters from a query string; values that cannot be meant (unknown enum) are dropped. */
export function filtersFromSearch(search: string): ExplorerFilters {
  return readSearch(explorerFields, search);
}

/** The query string of a view ("" when nothing is filtered); `extra` (e.g. an open row) goes last. */
export function searchOfFilters(
  filters: ExplorerFilters,
  extra: Record<string, string | undefined> = {},
): string {
  return writeSearch(explorerFields, filters, extra);
}

/** The API's filter fields: days become inclusive UTC instants. */
export function apiFilters(filters: ExplorerFilters): Omit<ListInput, 'cursor' | 'limit'> {
  const { from, to, ...rest } = withoutEmpty(filters);
  return { ...rest, ...dayRange({ from, to }) };
}

/** Whether any filter (not the sort) narrows the list. */
export function isFiltered(filters: ExplorerFilters): boolean {
  const keys = Object.keys(explorerFields) as (keyof ExplorerFilters)[];
  return keys.some((key) => key !== 'sort' && filters[key] !== undefined);
}
