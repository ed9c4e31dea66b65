import type { Category, Direction, RiskBucket, TransactionSort } from './filters.js';

export const directionLabels: Record<Direction, string> = { in: 'In', out: 'Out' };

export const categoryLabels: Record<Category, string> = {
  income: 'Income',
  expense: 'Expense',
  fee: 'Fee',
  trade: 'Trade',
  transfer: 'Transfer',
  unknown: 'Unknown',
};

export const riskBucketLabels: Record<RiskBucket, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

export const sortLabels: Record<TransactionSort, string> = {
  timestamp_desc: 'Newest first',
  timestamp_asc: 'Oldest first',
  amount_desc: 'Largest amount first',
  amount_asc: 'Smallest amount first',
  risk_desc: 'Highest risk first',
};

/** "risk_desc" → "Risk desc"; rule and flag names are shown close to how the API names them. */
export function humanise(name: string): string {
  const words = name.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
