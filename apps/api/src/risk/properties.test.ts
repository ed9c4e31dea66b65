import { compareDecimals } from '@klerno/db';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADDRESS_LABELS,
  CATEGORIES,
  RISK_FLAGS,
  SUSPICIOUS_MEMO_WORDS,
  categorize,
  riskBucket,
  scoreTransaction,
} from './index.js';
import type { RiskContext, RiskTransaction } from './types.js';

const RUNS = { numRuns: 2000 };

/** A canonical non-negative decimal within the store's limits, with the thresholds well covered. */
const decimal = fc.oneof(
  fc.constantFrom('0', '1', '5', '9.9', '99', '100', '100.000001', '1000', '10000', '10000.5'),
  fc
    .record({
      units: fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }),
      scale: fc.integer({ min: 0, max: 18 }),
    })
    .map(({ units, scale }) => {
      const digits = units.toString().padStart(scale + 1, '0');
      const cut = digits.length - scale;
      const integer = digits.slice(0, cut).replace(/^0+(?=\d)/, '');
      const fraction = digits.slice(cut).replace(/0+$/, '');
      return fraction === '' ? integer : `${integer}.${fraction}`;
    }),
);

const ADDRESSES = ['rA', 'rB', 'rC', 'rD'];
const address = fc.constantFrom(...ADDRESSES);
const memoWord = fc.constantFrom(
  ...SUSPICIOUS_MEMO_WORDS,
  'SCAM',
  'swap',
  'fee',
  'salary',
  'hello',
);

const transaction: fc.Arbitrary<RiskTransaction> = fc.record({
  amount: decimal,
  fee: decimal,
  direction: fc.constantFrom('in' as const, 'out' as const),
  memo: fc.option(
    fc.oneof(
      fc.string(),
      fc.array(memoWord).map((w) => w.join(' ')),
    ),
    { nil: null },
  ),
  tags: fc.array(fc.constantFrom('sanctioned', 'Mixer', 'vip', 'exchange'), { maxLength: 3 }),
  fromAddress: address,
  toAddress: address,
});

const context: fc.Arbitrary<RiskContext> = fc.record({
  labels: fc.array(
    fc.record({
      address,
      label: fc.constantFrom(...ADDRESS_LABELS),
      source: fc.constantFrom('OFAC', 'Chainalysis'),
    }),
    { maxLength: 3 },
  ),
  watchers: fc.record({
    sender: fc.subarray(['alice', 'bob']),
    recipient: fc.subarray(['alice', 'bob']),
  }),
  history: fc
    .record({
      senderPriorCount: fc.nat({ max: 9 }),
      median: decimal,
      sameAmountDistinctRecipients24h: fc.nat({ max: 5 }),
    })
    .map(({ senderPriorCount, median, sameAmountDistinctRecipients24h }) => ({
      senderPriorCount,
      senderPriorMedian: senderPriorCount === 0 ? null : median,
      sameAmountDistinctRecipients24h,
    })),
});

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('scoreTransaction properties', () => {
  it('the score is in [0, 1] with at most four decimals, and its bucket matches', () => {
    fc.assert(
      fc.property(transaction, context, (tx, ctx) => {
        const { score, bucket } = scoreTransaction(tx, ctx);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(Math.abs(score * 10_000 - Math.round(score * 10_000))).toBeLessThan(1e-6);
        expect(bucket).toBe(riskBucket(score));
      }),
      RUNS,
    );
  });

  it('the contributions add up to the score; without the clamp, to the unclamped score', () => {
    fc.assert(
      fc.property(transaction, context, (tx, ctx) => {
        const result = scoreTransaction(tx, ctx);
        const points = result.contributions.map((c) => c.points);
        expect(Math.abs(sum(points) - result.score)).toBeLessThan(1e-9);
        const rules = result.contributions.filter((c) => c.rule !== 'clamp');
        expect(Math.abs(sum(rules.map((c) => c.points)) - result.unclampedScore)).toBeLessThan(
          1e-9,
        );
        const clamps = result.contributions.length - rules.length;
        expect(clamps).toBe(result.score === result.unclampedScore ? 0 : 1);
      }),
      RUNS,
    );
  });

  it('the flags are exactly the rules with non-zero contributions, in rule order', () => {
    fc.assert(
      fc.property(transaction, context, (tx, ctx) => {
        const { flags, contributions } = scoreTransaction(tx, ctx);
        const flagged = contributions.filter((c) => c.flag !== null);
        expect(flags).toEqual(flagged.map((c) => c.flag));
        expect(flagged.every((c) => c.points !== 0)).toBe(true);
        const unflagged = contributions.filter((c) => c.flag === null).map((c) => c.rule);
        expect(unflagged.every((rule) => rule === 'base' || rule === 'clamp')).toBe(true);
        expect(flags).toEqual(RISK_FLAGS.filter((flag) => flags.includes(flag)));
      }),
      RUNS,
    );
  });

  it('equal decimals written differently score the same', () => {
    fc.assert(
      fc.property(transaction, context, fc.nat({ max: 3 }), (tx, ctx, zeros) => {
        const fraction = '0'.repeat(zeros);
        const amount =
          tx.amount.includes('.') || zeros === 0
            ? tx.amount + fraction
            : `${tx.amount}.${fraction}`;
        const padded = { ...tx, amount: `00${amount}` };
        expect(scoreTransaction(padded, ctx)).toEqual(scoreTransaction(tx, ctx));
      }),
      RUNS,
    );
  });

  const outgoingPair = (fee: fc.Arbitrary<string>) =>
    fc.tuple(transaction, decimal, decimal, fee, context).map(([tx, a, b, f, ctx]) => {
      const [smaller, larger] = compareDecimals(a, b) <= 0 ? [a, b] : [b, a];
      const base = { ...tx, direction: 'out' as const, fee: f };
      return { small: { ...base, amount: smaller }, large: { ...base, amount: larger }, ctx };
    });

  it('without a fee, an outgoing score never decreases as the amount grows', () => {
    fc.assert(
      fc.property(outgoingPair(fc.constant('0')), ({ small, large, ctx }) => {
        expect(scoreTransaction(large, ctx).score).toBeGreaterThanOrEqual(
          scoreTransaction(small, ctx).score,
        );
      }),
      RUNS,
    );
  });

  it('with a fee, it never decreases unless the fee-ratio rules stop firing', () => {
    const ratioFlags = (flags: string[]) => flags.filter((flag) => flag.endsWith('fee_ratio'));
    fc.assert(
      fc.property(outgoingPair(decimal), ({ small, large, ctx }) => {
        const before = scoreTransaction(small, ctx);
        const after = scoreTransaction(large, ctx);
        if (compareDecimals(small.amount, '0') === 0) {
          expect(after.score).toBeGreaterThanOrEqual(before.score);
        } else if (ratioFlags(before.flags).length === ratioFlags(after.flags).length) {
          expect(after.score).toBeGreaterThanOrEqual(before.score);
        }
      }),
      RUNS,
    );
  });
});

describe('categorize properties', () => {
  it('returns one of the six categories, the highest-scoring, earliest on a tie', () => {
    fc.assert(
      fc.property(transaction, context, (tx, ctx) => {
        const { category, scores } = categorize(tx, ctx);
        expect(Object.keys(scores).sort()).toEqual([...CATEGORIES].sort());
        const best = Math.max(...Object.values(scores));
        const expected = best === 0 ? 'unknown' : CATEGORIES.find((name) => scores[name] === best);
        expect(category).toBe(expected);
      }),
      RUNS,
    );
  });
});
