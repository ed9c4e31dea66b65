import { describe, expect, it } from 'vitest';
import { InvalidRiskInputError, RULESET_VERSION, riskBucket, scoreTransaction } from './index.js';
import { aContext, aTransaction } from './testing.js';
import type { RiskContext, RiskFlag, RiskTransaction } from './types.js';

interface Row {
  name: string;
  tx?: Partial<RiskTransaction>;
  context?: Parameters<typeof aContext>[0];
  score: number;
  flags: RiskFlag[];
}

function check(rows: Row[]) {
  it.each(rows)('$name → $score $flags', ({ tx, context, score, flags }) => {
    const result = scoreTransaction(aTransaction(tx), aContext(context));
    expect(result.flags).toEqual(flags);
    expect(result.score).toBe(score);
  });
}

describe('outgoing amount steps (cumulative, strictly above each threshold)', () => {
  check([
    { name: 'zero', tx: { amount: '0' }, score: 0.1, flags: [] },
    {
      name: 'smallest positive',
      tx: { amount: '0.000000000000000001' },
      score: 0.2,
      flags: ['outgoing'],
    },
    { name: 'exactly 100', tx: { amount: '100' }, score: 0.2, flags: ['outgoing'] },
    { name: '100 written 0100.000', tx: { amount: '0100.000' }, score: 0.2, flags: ['outgoing'] },
    {
      name: '100.000001',
      tx: { amount: '100.000001' },
      score: 0.3,
      flags: ['outgoing', 'medium_outgoing'],
    },
    {
      name: 'exactly 1000',
      tx: { amount: '1000' },
      score: 0.3,
      flags: ['outgoing', 'medium_outgoing'],
    },
    {
      name: '1000.000001',
      tx: { amount: '1000.000001' },
      score: 0.45,
      flags: ['outgoing', 'medium_outgoing', 'large_outgoing'],
    },
    {
      name: 'exactly 10000',
      tx: { amount: '10000' },
      score: 0.45,
      flags: ['outgoing', 'medium_outgoing', 'large_outgoing'],
    },
    {
      name: '10000 + 1e-18',
      tx: { amount: '10000.000000000000000001' },
      score: 0.6,
      flags: ['outgoing', 'medium_outgoing', 'large_outgoing', 'very_large_outgoing'],
    },
    {
      name: '20000 gets all four',
      tx: { amount: '20000' },
      score: 0.6,
      flags: ['outgoing', 'medium_outgoing', 'large_outgoing', 'very_large_outgoing'],
    },
  ]);
});

describe('incoming', () => {
  check([
    {
      name: 'large incoming',
      tx: { direction: 'in', amount: '20000' },
      score: 0.05,
      flags: ['incoming'],
    },
    {
      name: 'zero incoming',
      tx: { direction: 'in', amount: '0' },
      score: 0.05,
      flags: ['incoming'],
    },
  ]);
});

describe('fee and fee ratio (incoming, so only the fee rules move the score from 0.05)', () => {
  const incoming = (amount: string, fee: string) => ({ direction: 'in' as const, amount, fee });
  check([
    { name: 'no fee', tx: incoming('100', '0'), score: 0.05, flags: ['incoming'] },
    {
      name: 'ratio exactly 0.01',
      tx: incoming('100', '1'),
      score: 0.1,
      flags: ['incoming', 'fee_present'],
    },
    {
      name: 'ratio just above 0.01',
      tx: incoming('100', '1.000001'),
      score: 0.15,
      flags: ['incoming', 'fee_present', 'high_fee_ratio'],
    },
    {
      name: 'ratio exactly 0.05',
      tx: incoming('100', '5'),
      score: 0.15,
      flags: ['incoming', 'fee_present', 'high_fee_ratio'],
    },
    {
      name: 'ratio just above 0.05',
      tx: incoming('100', '5.000001'),
      score: 0.25,
      flags: ['incoming', 'fee_present', 'high_fee_ratio', 'very_high_fee_ratio'],
    },
    {
      name: 'ratio 0.01 with 18 fraction digits each side',
      tx: incoming('0.000000000000000100', '0.000000000000000001'),
      score: 0.1,
      flags: ['incoming', 'fee_present'],
    },
    {
      name: 'zero amount: no ratio',
      tx: incoming('0', '1'),
      score: 0.1,
      flags: ['incoming', 'fee_present'],
    },
    {
      name: 'huge amount, tiny fee',
      tx: incoming('99999999999999999999', '0.000000000000000001'),
      score: 0.1,
      flags: ['incoming', 'fee_present'],
    },
  ]);

  it('a larger outgoing amount with the same fee can score lower: the ratio rules fade', () => {
    const small = scoreTransaction(aTransaction({ amount: '10', fee: '1' }), aContext());
    const larger = scoreTransaction(aTransaction({ amount: '30', fee: '1' }), aContext());
    expect(small.score).toBe(0.4);
    expect(larger.score).toBe(0.3);
  });
});

describe('suspicious memo: +0.20, then +0.05 per distinct word (case-insensitive substring)', () => {
  const memo = (text: string | null) => ({ direction: 'in' as const, memo: text });
  check([
    { name: 'no memo', tx: memo(null), score: 0.05, flags: ['incoming'] },
    { name: 'harmless memo', tx: memo('invoice 42'), score: 0.05, flags: ['incoming'] },
    { name: 'one word', tx: memo('scam'), score: 0.3, flags: ['incoming', 'suspicious_memo'] },
    { name: 'mixed case', tx: memo('ScAm'), score: 0.3, flags: ['incoming', 'suspicious_memo'] },
    {
      name: 'repeated word counts once',
      tx: memo('scam SCAM scam'),
      score: 0.3,
      flags: ['incoming', 'suspicious_memo'],
    },
    {
      name: 'two distinct words',
      tx: memo('via Tornado mixer'),
      score: 0.35,
      flags: ['incoming', 'suspicious_memo'],
    },
    {
      name: 'substring inside a word',
      tx: memo('phishing kit; sanctioned'),
      score: 0.35,
      flags: ['incoming', 'suspicious_memo'],
    },
    { name: 'split word does not match', tx: memo('sc am'), score: 0.05, flags: ['incoming'] },
    {
      name: 'all eleven words',
      tx: memo('scam phish hack fraud ransom malware blackmail mixer tornado sanction darknet'),
      score: 0.8,
      flags: ['incoming', 'suspicious_memo'],
    },
  ]);

  it('names the words it found', () => {
    const result = scoreTransaction(aTransaction({ memo: 'Mixer then SCAM' }), aContext());
    const memoPart = result.contributions.find((c) => c.flag === 'suspicious_memo');
    expect(memoPart?.points).toBe(0.3);
    expect(memoPart?.detail).toContain('"scam", "mixer"');
  });
});

describe('sanctioned or mixer: tags, or labels on either party', () => {
  const label = (address: string, kind: RiskContext['labels'][number]['label']) => ({
    address,
    label: kind,
    source: 'OFAC SDN 2026-11',
  });
  check([
    {
      name: 'tag sanctioned',
      tx: { tags: ['sanctioned'] },
      score: 0.4,
      flags: ['outgoing', 'sanctioned_or_mixer'],
    },
    {
      name: 'tag Mixer (any case)',
      tx: { tags: [' Mixer '] },
      score: 0.4,
      flags: ['outgoing', 'sanctioned_or_mixer'],
    },
    {
      name: 'other tags',
      tx: { tags: ['exchange', 'vip', 'mixers'] },
      score: 0.2,
      flags: ['outgoing'],
    },
    {
      name: 'sender labelled sanctioned',
      context: { labels: [label('rSender', 'sanctioned')] },
      score: 0.4,
      flags: ['outgoing', 'sanctioned_or_mixer'],
    },
    {
      name: 'recipient labelled mixer',
      context: { labels: [label('rRecipient', 'mixer')] },
      score: 0.4,
      flags: ['outgoing', 'sanctioned_or_mixer'],
    },
    {
      name: 'label and tag together count once',
      tx: { tags: ['mixer'] },
      context: { labels: [label('rRecipient', 'sanctioned'), label('rSender', 'mixer')] },
      score: 0.4,
      flags: ['outgoing', 'sanctioned_or_mixer'],
    },
    {
      name: 'darknet or exchange labels do not count',
      context: { labels: [label('rRecipient', 'darknet'), label('rSender', 'exchange')] },
      score: 0.2,
      flags: ['outgoing'],
    },
    {
      name: 'a label on another address does not count',
      context: { labels: [label('rSomeoneElse', 'sanctioned')] },
      score: 0.2,
      flags: ['outgoing'],
    },
  ]);

  it('names the label and its source', () => {
    const result = scoreTransaction(
      aTransaction(),
      aContext({ labels: [label('rRecipient', 'sanctioned')] }),
    );
    const part = result.contributions.find((c) => c.flag === 'sanctioned_or_mixer');
    expect(part).toEqual({
      rule: 'sanctioned_or_mixer',
      flag: 'sanctioned_or_mixer',
      points: 0.2,
      detail: 'recipient rRecipient is labelled sanctioned (source: OFAC SDN 2026-11)',
    });
  });
});

describe('internal transfer: both parties are watched wallets of the same user', () => {
  check([
    {
      name: 'one user watches both',
      context: { watchers: { sender: ['alice'], recipient: ['alice'] } },
      score: 0,
      flags: ['outgoing', 'internal_transfer'],
    },
    {
      name: 'one of several watchers of each watches both',
      context: { watchers: { sender: ['alice', 'bob'], recipient: ['bob', 'carol'] } },
      score: 0,
      flags: ['outgoing', 'internal_transfer'],
    },
    {
      name: 'each party watched, but by different users',
      context: { watchers: { sender: ['alice'], recipient: ['bob'] } },
      score: 0.2,
      flags: ['outgoing'],
    },
    {
      name: 'only the sender',
      context: { watchers: { sender: ['alice'], recipient: [] } },
      score: 0.2,
      flags: ['outgoing'],
    },
    {
      name: 'only the recipient',
      context: { watchers: { sender: [], recipient: ['alice'] } },
      score: 0.2,
      flags: ['outgoing'],
    },
  ]);

  it('names neither user in the explanation', () => {
    const result = scoreTransaction(
      aTransaction(),
      aContext({ watchers: { sender: ['alice'], recipient: ['alice'] } }),
    );
    expect(result.contributions).toContainEqual({
      rule: 'internal_transfer',
      flag: 'internal_transfer',
      points: -0.25,
      detail: 'both rSender and rRecipient are watched wallets of one user of the organization',
    });
  });

  it('clamps below zero and says so', () => {
    const result = scoreTransaction(
      aTransaction({ direction: 'in' }),
      aContext({ watchers: { sender: ['alice'], recipient: ['alice'] } }),
    );
    expect(result.unclampedScore).toBe(-0.2);
    expect(result.score).toBe(0);
    expect(result.contributions.at(-1)).toMatchObject({ rule: 'clamp', flag: null, points: 0.2 });
  });
});

describe('amount anomaly: amount > 10 × median of at least 5 earlier transactions', () => {
  const history = (senderPriorCount: number, senderPriorMedian: string | null) => ({
    history: { senderPriorCount, senderPriorMedian },
  });
  check([
    {
      name: '4 prior, 100×',
      tx: { amount: '99' },
      context: history(4, '0.99'),
      score: 0.2,
      flags: ['outgoing'],
    },
    {
      name: '5 prior, above 10×',
      tx: { amount: '99.000001' },
      context: history(5, '9.9'),
      score: 0.35,
      flags: ['outgoing', 'amount_anomaly'],
    },
    {
      name: '5 prior, exactly 10×',
      tx: { amount: '99' },
      context: history(5, '9.9'),
      score: 0.2,
      flags: ['outgoing'],
    },
    {
      name: 'median zero, amount positive',
      tx: { amount: '0.01' },
      context: history(7, '0'),
      score: 0.35,
      flags: ['outgoing', 'amount_anomaly'],
    },
    {
      name: 'median zero, amount zero',
      tx: { amount: '0' },
      context: history(7, '0'),
      score: 0.1,
      flags: [],
    },
  ]);
});

describe('structured layering: same amount to ≥ 3 distinct recipients within 24 h', () => {
  const recipients = (n: number) => ({ history: { sameAmountDistinctRecipients24h: n } });
  check([
    { name: '2 recipients', context: recipients(2), score: 0.2, flags: ['outgoing'] },
    {
      name: '3 recipients',
      context: recipients(3),
      score: 0.45,
      flags: ['outgoing', 'structured_layering'],
    },
    {
      name: '9 recipients',
      context: recipients(9),
      score: 0.45,
      flags: ['outgoing', 'structured_layering'],
    },
  ]);
});

describe('buckets: low < 0.33 ≤ medium < 0.66 ≤ high', () => {
  it.each([
    [0, 'low'],
    [0.3299, 'low'],
    [0.33, 'medium'],
    [0.6599, 'medium'],
    [0.66, 'high'],
    [1, 'high'],
  ] as const)('riskBucket(%s) is %s', (score, bucket) => {
    expect(riskBucket(score)).toBe(bucket);
  });

  it.each([
    [{ amount: '100.5' }, 0.3, 'low'],
    [{ amount: '100.5', fee: '0.01' }, 0.35, 'medium'],
    [{ amount: '20000', fee: '1' }, 0.65, 'medium'],
    [{ amount: '20000', fee: '201' }, 0.7, 'high'],
  ] as const)('%o scores %s, %s', (tx, score, bucket) => {
    const result = scoreTransaction(aTransaction(tx), aContext());
    expect([result.score, result.bucket]).toEqual([score, bucket]);
  });
});

describe('the explanation', () => {
  it('lists base, each rule in flag order, and a clamp that makes the parts add up', () => {
    const result = scoreTransaction(
      aTransaction({ amount: '20000', fee: '2000', memo: 'ransom', tags: ['mixer'] }),
      aContext({
        history: {
          senderPriorCount: 5,
          senderPriorMedian: '1',
          sameAmountDistinctRecipients24h: 3,
        },
      }),
    );
    expect(result.contributions.map((c) => [c.rule, c.flag, c.points])).toEqual([
      ['base', null, 0.1],
      ['outgoing_amount', 'outgoing', 0.1],
      ['outgoing_amount', 'medium_outgoing', 0.1],
      ['outgoing_amount', 'large_outgoing', 0.15],
      ['outgoing_amount', 'very_large_outgoing', 0.15],
      ['fee', 'fee_present', 0.05],
      ['fee', 'high_fee_ratio', 0.05],
      ['fee', 'very_high_fee_ratio', 0.1],
      ['suspicious_memo', 'suspicious_memo', 0.25],
      ['sanctioned_or_mixer', 'sanctioned_or_mixer', 0.2],
      ['amount_anomaly', 'amount_anomaly', 0.15],
      ['structured_layering', 'structured_layering', 0.25],
      ['clamp', null, -0.65],
    ]);
    expect(result).toMatchObject({
      score: 1,
      unclampedScore: 1.65,
      bucket: 'high',
      version: RULESET_VERSION,
    });
  });
});

describe('input no valid row could hold', () => {
  it.each([
    ['amount with an exponent', aTransaction({ amount: '1e5' }), aContext()],
    ['negative amount', aTransaction({ amount: '-1' }), aContext()],
    ['NaN fee', aTransaction({ fee: 'NaN' }), aContext()],
    ['negative fee', aTransaction({ fee: '-0.1' }), aContext()],
    ['40-digit amount', aTransaction({ amount: '1'.repeat(40) }), aContext()],
    ['unknown direction', aTransaction({ direction: 'sideways' as 'in' }), aContext()],
    ['median without history', aTransaction(), aContext({ history: { senderPriorMedian: '1' } })],
    ['history without median', aTransaction(), aContext({ history: { senderPriorCount: 5 } })],
    [
      'negative count',
      aTransaction(),
      aContext({ history: { sameAmountDistinctRecipients24h: -1 } }),
    ],
    [
      'unknown label',
      aTransaction(),
      aContext({ labels: [{ address: 'rSender', label: 'spicy' as 'other', source: 'x' }] }),
    ],
  ])('%s is refused with InvalidRiskInputError', (_name, tx, context) => {
    expect(() => scoreTransaction(tx, context)).toThrow(InvalidRiskInputError);
  });
});
