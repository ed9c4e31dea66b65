/**
 * The filters and sorts of `transactions.list`, shared by `exportCsv` and the CSV download route
 * (so an export holds exactly what the list shows). Every field is optional; they combine with AND.
 */
import { z } from 'zod';
import {
  DIRECTIONS,
  RISK_BUCKETS,
  TRANSACTION_CATEGORIES,
  TRANSACTION_SORTS,
  type TransactionFilter,
  type TransactionSort,
} from '@klerno/db';
import { pageFields } from './pagination.js';
import { decimalSchema, MAX_MEMO_LENGTH, timestampSchema } from './transactions.js';

export const transactionFilterFields = {
  /** Rows with this address on either side. */
  wallet: z
    .string()
    .trim()
    .min(1, 'wallet must not be empty')
    .max(128, 'wallet must be at most 128 characters')
    .optional(),
  direction: z.enum(DIRECTIONS, 'direction must be "in" or "out"').optional(),
  category: z
    .enum(TRANSACTION_CATEGORIES, `category must be one of ${TRANSACTION_CATEGORIES.join(', ')}`)
    .optional(),
  riskBucket: z.enum(RISK_BUCKETS, 'riskBucket must be low, medium or high').optional(),
  /** Inclusive bounds on the timestamp (ISO 8601 with a time zone). */
  from: timestampSchema.optional(),
  to: timestampSchema.optional(),
  /** Inclusive bounds on the amount, compared exactly. */
  minAmount: decimalSchema('minAmount').optional(),
  maxAmount: decimalSchema('maxAmount').optional(),
  /** Case-insensitive text the memo contains. */
  memo: z
    .string()
    .min(1, 'memo must not be empty')
    .max(MAX_MEMO_LENGTH, `memo must be at most ${MAX_MEMO_LENGTH} characters`)
    .optional(),
  /** Default timestamp_desc (newest first). A cursor belongs to its sort. */
  sort: z.enum(TRANSACTION_SORTS, `sort must be one of ${TRANSACTION_SORTS.join(', ')}`).optional(),
};

export const listTransactionsInput = z
  .object({ ...pageFields, ...transactionFilterFields })
  .prefault({});

export interface TransactionQuery {
  filter: TransactionFilter;
  sort: TransactionSort | undefined;
}

type FilterFieldValues = {
  [Key in keyof typeof transactionFilterFields]?: z.output<(typeof transactionFilterFields)[Key]>;
};

/** The parsed filter fields of an input, as the store takes them. */
export function transactionQueryOf(input: FilterFieldValues): TransactionQuery {
  const { sort, wallet, direction, category, riskBucket, from, to, minAmount, maxAmount, memo } =
    input;
  return {
    filter: { wallet, direction, category, riskBucket, from, to, minAmount, maxAmount, memo },
    sort,
  };
}
