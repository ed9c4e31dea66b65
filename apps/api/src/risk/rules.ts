/**
 * The rule set (SPEC §5). Points are integers in units of 0.0001 ("basis points") so sums are
 * exact; the score is their sum divided by 10 000.
 */
import { exceedsMultiple, isAbove, toExact, type Exact } from './exact.js';
import { suspiciousWordsIn } from './memo-words.js';
import type { RiskFlag, RiskRule, Watchers } from './types.js';
import type { CheckedContext, CheckedTransaction } from './validate.js';

export const POINTS_PER_UNIT = 10_000;

export const BASE_POINTS = 1000;

export const RULE_POINTS = {
  outgoing: 1000,
  medium_outgoing: 1000,
  large_outgoing: 1500,
  very_large_outgoing: 1500,
  incoming: -500,
  fee_present: 500,
  high_fee_ratio: 500,
  very_high_fee_ratio: 1000,
  suspicious_memo: 2000,
  suspicious_memo_per_word: 500,
  sanctioned_or_mixer: 2000,
  internal_transfer: -2500,
  amount_anomaly: 1500,
  structured_layering: 2500,
} as const;

export const OUTGOING_THRESHOLDS = { medium: '100', large: '1000', veryLarge: '10000' } as const;
const EXACT_THRESHOLDS = {
  medium: toExact(OUTGOING_THRESHOLDS.medium),
  large: toExact(OUTGOING_THRESHOLDS.large),
  veryLarge: toExact(OUTGOING_THRESHOLDS.veryLarge),
};
export const AMOUNT_ANOMALY_MIN_PRIOR = 5;
export const AMOUNT_ANOMALY_MULTIPLE = 10n;
export const LAYERING_MIN_RECIPIENTS = 3;
const RISKY_TAGS_AND_LABELS: ReadonlySet<string> = new Set(['sanctioned', 'mixer']);

export interface RuleHit {
  flag: RiskFlag;
  points: number;
  detail: string;
}

interface Rule {
  name: Exclude<RiskRule, 'base' | 'clamp'>;
  evaluate(tx: CheckedTransaction, context: CheckedContext): RuleHit[];
}

const ZERO = toExact('0');
const isPositive = (value: Exact) => isAbove(value, ZERO);

function outgoingAmount(tx: CheckedTransaction): RuleHit[] {
  if (tx.direction !== 'out' || !isPositive(tx.exactAmount)) return [];
  const hits: RuleHit[] = [
    { flag: 'outgoing', points: RULE_POINTS.outgoing, detail: `outgoing amount ${tx.amount} > 0` },
  ];
  const steps = [
    ['medium_outgoing', OUTGOING_THRESHOLDS.medium, EXACT_THRESHOLDS.medium],
    ['large_outgoing', OUTGOING_THRESHOLDS.large, EXACT_THRESHOLDS.large],
    ['very_large_outgoing', OUTGOING_THRESHOLDS.veryLarge, EXACT_THRESHOLDS.veryLarge],
  ] as const;
  for (const [flag, threshold, exactThreshold] of steps) {
    if (!isAbove(tx.exactAmount, exactThreshold)) break;
    hits.push({
      flag,
      points: RULE_POINTS[flag],
      detail: `outgoing amount ${tx.amount} > ${threshold}`,
    });
  }
  return hits;
}

function incoming(tx: CheckedTransaction): RuleHit[] {
  if (tx.direction !== 'in') return [];
  return [{ flag: 'incoming', points: RULE_POINTS.incoming, detail: 'incoming transaction' }];
}

function fee(tx: CheckedTransaction): RuleHit[] {
  if (!isPositive(tx.exactFee)) return [];
  const hits: RuleHit[] = [
    { flag: 'fee_present', points: RULE_POINTS.fee_present, detail: `fee ${tx.fee} > 0` },
  ];
  if (!isPositive(tx.exactAmount)) return hits;
  // fee / amount > 1/100  ⇔  100 · fee > amount (amount > 0), compared exactly.
  if (exceedsMultiple(tx.exactFee, tx.exactAmount, 1n, 100n)) {
    hits.push({
      flag: 'high_fee_ratio',
      points: RULE_POINTS.high_fee_ratio,
      detail: `fee ${tx.fee} is more than 1% of amount ${tx.amount}`,
    });
  }
  if (exceedsMultiple(tx.exactFee, tx.exactAmount, 1n, 20n)) {
    hits.push({
      flag: 'very_high_fee_ratio',
      points: RULE_POINTS.very_high_fee_ratio,
      detail: `fee ${tx.fee} is more than 5% of amount ${tx.amount}`,
    });
  }
  return hits;
}

function suspiciousMemo(tx: CheckedTransaction): RuleHit[] {
  const words = suspiciousWordsIn(tx.memo);
  if (words.length === 0) return [];
  const points = RULE_POINTS.suspicious_memo + RULE_POINTS.suspicious_memo_per_word * words.length;
  const quoted = words.map((word) => `"${word}"`).join(', ');
  return [
    {
      flag: 'suspicious_memo',
      points,
      detail: `memo contains ${quoted}: 0.20 + 0.05 × ${words.length} distinct word${words.length === 1 ? '' : 's'}`,
    },
  ];
}

function sanctionedOrMixer(tx: CheckedTransaction, context: CheckedContext): RuleHit[] {
  const reasons: string[] = [];
  for (const label of context.labels) {
    if (!RISKY_TAGS_AND_LABELS.has(label.label)) continue;
    const roles = [
      label.address === tx.fromAddress ? 'sender' : null,
      label.address === tx.toAddress ? 'recipient' : null,
    ].filter((role) => role !== null);
    if (roles.length === 0) continue;
    reasons.push(
      `${roles.join(' and ')} ${label.address} is labelled ${label.label} (source: ${label.source})`,
    );
  }
  for (const tag of new Set(tx.tags.map((tag) => tag.trim().toLowerCase()))) {
    if (RISKY_TAGS_AND_LABELS.has(tag)) reasons.push(`tagged ${tag}`);
  }
  if (reasons.length === 0) return [];
  return [
    {
      flag: 'sanctioned_or_mixer',
      points: RULE_POINTS.sanctioned_or_mixer,
      detail: reasons.join('; '),
    },
  ];
}

/** Both addresses are watched wallets of the same user (SPEC §5), whoever asks. */
export function isInternalTransfer({ sender, recipient }: Watchers): boolean {
  return sender.some((user) => recipient.includes(user));
}

function internalTransfer(tx: CheckedTransaction, context: CheckedContext): RuleHit[] {
  if (!isInternalTransfer(context.watchers)) return [];
  return [
    {
      flag: 'internal_transfer',
      points: RULE_POINTS.internal_transfer,
      detail: `both ${tx.fromAddress} and ${tx.toAddress} are watched wallets of one user of the organization`,
    },
  ];
}

function amountAnomaly(tx: CheckedTransaction, context: CheckedContext): RuleHit[] {
  const { senderPriorCount, senderPriorMedian } = context.history;
  const median = context.exactPriorMedian;
  if (senderPriorCount < AMOUNT_ANOMALY_MIN_PRIOR || median === null) return [];
  if (!exceedsMultiple(tx.exactAmount, median, AMOUNT_ANOMALY_MULTIPLE, 1n)) return [];
  return [
    {
      flag: 'amount_anomaly',
      points: RULE_POINTS.amount_anomaly,
      detail: `amount ${tx.amount} > 10 × ${senderPriorMedian}, the median of the sender's ${senderPriorCount} earlier transactions`,
    },
  ];
}

function structuredLayering(tx: CheckedTransaction, context: CheckedContext): RuleHit[] {
  const recipients = context.history.sameAmountDistinctRecipients24h;
  if (recipients < LAYERING_MIN_RECIPIENTS) return [];
  return [
    {
      flag: 'structured_layering',
      points: RULE_POINTS.structured_layering,
      detail: `the sender sent ${tx.amount} to ${recipients} distinct recipients within 24 h`,
    },
  ];
}

/** Every rule, in the order their flags appear. */
export const RULES: readonly Rule[] = [
  { name: 'outgoing_amount', evaluate: outgoingAmount },
  { name: 'incoming', evaluate: incoming },
  { name: 'fee', evaluate: fee },
  { name: 'suspicious_memo', evaluate: suspiciousMemo },
  { name: 'sanctioned_or_mixer', evaluate: sanctionedOrMixer },
  { name: 'internal_transfer', evaluate: internalTransfer },
  { name: 'amount_anomaly', evaluate: amountAnomaly },
  { name: 'structured_layering', evaluate: structuredLayering },
];
