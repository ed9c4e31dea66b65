import { wordsIn } from './memo-words.js';
import { isInternalTransfer } from './rules.js';
import {
  CATEGORIES,
  type Category,
  type CategoryAssessment,
  type RiskContext,
  type RiskTransaction,
} from './types.js';
import { checkTransaction } from './validate.js';
import { RULESET_VERSION } from './version.js';

/** Whole memo words (case-insensitive) that point to a category, 0.6 each distinct word. */
export const CATEGORY_KEYWORDS = {
  income: ['salary', 'airdrop', 'reward', 'interest', 'yield'],
  fee: ['fee', 'gas', 'network'],
  trade: ['swap', 'trade', 'exchange'],
  transfer: ['transfer', 'send', 'receive'],
} as const satisfies Partial<Record<Category, readonly string[]>>;

// Points in tenths, so sums and ties are exact.
const KEYWORD_POINTS = 6;
const FEE_ONLY_POINTS = 10;
const INTERNAL_TRANSFER_POINTS = 10;
const DIRECTION_POINTS = 4;

/**
 * A bookkeeping category (SPEC §5): memo keywords, fee-only payments (amount 0, fee > 0),
 * internal transfers and direction add points; the highest wins, ties go to the earlier of
 * fee, trade, income, transfer, expense; 'unknown' when nothing scores.
 */
export function categorize(
  input: RiskTransaction,
  context: Pick<RiskContext, 'watchers'>,
): CategoryAssessment {
  const tx = checkTransaction(input);
  const points: Record<Category, number> = {
    fee: 0,
    trade: 0,
    income: 0,
    transfer: 0,
    expense: 0,
    unknown: 0,
  };

  const words = wordsIn(tx.memo);
  for (const [category, keywords] of Object.entries(CATEGORY_KEYWORDS) as [
    Category,
    readonly string[],
  ][]) {
    points[category] += KEYWORD_POINTS * keywords.filter((keyword) => words.has(keyword)).length;
  }
  if (tx.exactAmount.units === 0n && tx.exactFee.units > 0n) {
    points.fee += FEE_ONLY_POINTS;
  }
  if (isInternalTransfer(context.watchers)) points.transfer += INTERNAL_TRANSFER_POINTS;
  points[tx.direction === 'in' ? 'income' : 'expense'] += DIRECTION_POINTS;

  let category: Category = 'unknown';
  for (const candidate of CATEGORIES) {
    if (points[candidate] > points[category]) category = candidate;
  }

  const scores = Object.fromEntries(CATEGORIES.map((name) => [name, points[name] / 10])) as Record<
    Category,
    number
  >;
  return { category, scores, version: RULESET_VERSION };
}
