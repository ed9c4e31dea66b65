import type { Direction } from '@klerno/db';

/** Address label kinds (SPEC §5). */
export const ADDRESS_LABELS = [
  'sanctioned',
  'mixer',
  'exchange',
  'gambling',
  'darknet',
  'other',
] as const;
export type AddressLabelKind = (typeof ADDRESS_LABELS)[number];

/** Risk flags, in rule order: `flags` in a result always follow this order. */
export const RISK_FLAGS = [
  'outgoing',
  'medium_outgoing',
  'large_outgoing',
  'very_large_outgoing',
  'incoming',
  'fee_present',
  'high_fee_ratio',
  'very_high_fee_ratio',
  'suspicious_memo',
  'sanctioned_or_mixer',
  'internal_transfer',
  'amount_anomaly',
  'structured_layering',
] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

export const RISK_BUCKETS = ['low', 'medium', 'high'] as const;
export type RiskBucket = (typeof RISK_BUCKETS)[number];

/** Categories, in tie-break order: the first wins a tie. */
export const CATEGORIES = ['fee', 'trade', 'income', 'transfer', 'expense', 'unknown'] as const;
export type Category = (typeof CATEGORIES)[number];

/** What the engine reads from a transaction. Decimals are canonical, non-negative strings. */
export interface RiskTransaction {
  amount: string;
  fee: string;
  direction: Direction;
  memo: string | null;
  tags: readonly string[];
  fromAddress: string;
  toAddress: string;
}

export interface AddressLabel {
  address: string;
  label: AddressLabelKind;
  /** Where the label comes from, e.g. "OFAC SDN 2026-11-20"; named in the explanation. */
  source: string;
}

/**
 * Facts about earlier transactions, computed by the caller from the organization's own store
 * (nothing crosses organizations). "The sender" is the transaction's `fromAddress`, on the same
 * chain, whatever the stored row's direction. Only rows other than this transaction count
 * (a stored row with the same chain + txId is left out, so re-scoring gives the same answer).
 */
export interface HistoryFacts {
  /**
   * How many stored transactions the sender sent, in the same currency, with a timestamp
   * strictly before this transaction's.
   */
  senderPriorCount: number;
  /**
   * The median amount of exactly those `senderPriorCount` transactions, as an exact canonical
   * decimal (for an even count, the mean of the two middle amounts, which is exact in decimal);
   * null when `senderPriorCount` is 0.
   */
  senderPriorMedian: string | null;
  /**
   * How many distinct recipients (`toAddress`) the sender sent this same amount (equal by value,
   * same currency) to within the 24 hours up to this transaction — timestamps in
   * [timestamp − 24 h, timestamp], both ends included — COUNTING this transaction's own recipient.
   * So a first-ever payment gives 1, and the third distinct recipient of the same amount gives 3.
   * Looking backwards only keeps a score stable when later rows arrive or rows are re-scored.
   */
  sameAmountDistinctRecipients24h: number;
}

export interface Watchers {
  sender: readonly string[];
  recipient: readonly string[];
}

export interface RiskContext {
  /** Labels on the parties' addresses; labels of any other address are ignored. */
  labels: readonly AddressLabel[];
  /**
   * Who watches the parties: the ids of the organization's users who watch the sender's address
   * and those who watch the recipient's (for internal transfers).
   */
  watchers: Watchers;
  history: HistoryFacts;
}

export interface Contribution {
  /** The rule that contributed: a flag's rule group, or 'base' / 'clamp'. */
  rule: RiskRule;
  /** The flag the rule raised; null for 'base' and 'clamp', which raise none. */
  flag: RiskFlag | null;
  /** Signed points added to the score (multiples of 0.0001). */
  points: number;
  /** A sentence for people: what matched and why it counts. */
  detail: string;
}

export const RISK_RULES = [
  'base',
  'outgoing_amount',
  'incoming',
  'fee',
  'suspicious_memo',
  'sanctioned_or_mixer',
  'internal_transfer',
  'amount_anomaly',
  'structured_layering',
  'clamp',
] as const;
export type RiskRule = (typeof RISK_RULES)[number];

export interface RiskAssessment {
  /** 0..1, four decimals; equals the sum of `contributions[].points`. */
  score: number;
  /** The sum of every rule before clamping to 0..1. */
  unclampedScore: number;
  bucket: RiskBucket;
  flags: RiskFlag[];
  /** 'base' first, then one entry per flag in rule order, then 'clamp' when clamping moved the score. */
  contributions: Contribution[];
  version: string;
}

export interface CategoryAssessment {
  category: Category;
  /** Every category's points (0 when nothing scored for it). */
  scores: Record<Category, number>;
  version: string;
}
