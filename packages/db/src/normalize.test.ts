import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError } from './errors.js';
import { UNSCORED, normalizeTransactions, parseTimestamp } from './normalize.js';
import type { NewTransaction } from './ports.js';

describe('parseTimestamp', () => {
  it.each([
    ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00Z', '2024-01-01T00:00:00.000Z'],
    ['2024-05-01T14:00:00.123+02:00', '2024-05-01T12:00:00.123Z'],
    ['2024-02-29T23:59:59.999-05:30', '2024-03-01T05:29:59.999Z'],
    ['2024-01-01T00:00:00.123456789Z', '2024-01-01T00:00:00.123Z'],
  ])('reads %s as %s', (input, iso) => {
    expect(new Date(parseTimestamp(input)).toISOString()).toBe(iso);
  });

  it.each([
    '2024-01-01',
    '2024-01-01T00:00:00',
    '2024-01-01 00:00:00Z',
    '1704067200000',
    'yesterday',
    '2023-02-29T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T10:60:00Z',
    '2024-01-01T10:00:60Z',
    '2024-01-01T10:00:00+24:00',
    '',
    12,
  ])('refuses %j', (input) => {
    expect(() => parseTimestamp(input)).toThrow(InvalidInputError);
  });
});

describe('normalizeTransactions', () => {
  const item: NewTransaction = {
    chain: 'xrpl',
    txId: 'A',
    timestamp: '2024-01-01T00:00:00Z',
    fromAddress: 'rA',
    toAddress: 'rB',
    amount: '001.50',
    currency: 'XRP',
    direction: 'out',
    memo: null,
    fee: '0.000',
    tags: ['x'],
  };

  it('canonicalises amounts and converts the timestamp', () => {
    const { timestamp: _replaced, ...rest } = item;
    expect(normalizeTransactions([item])).toEqual([
      {
        ...rest,
        timestampMs: Date.parse('2024-01-01T00:00:00Z'),
        amount: '1.5',
        fee: '0',
        issuer: null,
        ...UNSCORED,
        riskScoreBp: 0,
      },
    ]);
  });

  it('keeps given scores as basis points and refuses a score off the 0.0001 grid', () => {
    const scored = {
      ...item,
      category: 'trade' as const,
      riskScore: 0.4567,
      riskFlags: ['outgoing'],
      riskBucket: 'medium' as const,
      rulesetVersion: '2026.1',
    };
    expect(normalizeTransactions([scored])[0]).toMatchObject({
      category: 'trade',
      riskScore: 0.4567,
      riskScoreBp: 4567,
      riskFlags: ['outgoing'],
      riskBucket: 'medium',
      rulesetVersion: '2026.1',
    });
    for (const riskScore of [0.12345, -0.0001, 1.0001, Number.NaN]) {
      expect(() => normalizeTransactions([{ ...scored, riskScore }])).toThrow(InvalidInputError);
    }
    expect(() =>
      normalizeTransactions([{ ...scored, riskBucket: 'severe' as unknown as 'low' }]),
    ).toThrow(/riskBucket/);
  });

  it('names the row and field of the first bad value', () => {
    expect(() => normalizeTransactions([item, { ...item, txId: 'B', amount: '1,5' }])).toThrow(
      /^items\[1\]\.amount must be a plain decimal/,
    );
    expect(() => normalizeTransactions([{ ...item, tags: [1] as unknown as string[] }])).toThrow(
      /items\[0\]\.tags/,
    );
    expect(() => normalizeTransactions([{ ...item, memo: 5 as unknown as string }])).toThrow(
      /items\[0\]\.memo/,
    );
  });

  it('refuses one (chain, txId) twice, but not the same txId on two chains', () => {
    expect(() => normalizeTransactions([item, { ...item }])).toThrow(ConflictError);
    expect(normalizeTransactions([item, { ...item, chain: 'other' }])).toHaveLength(2);
  });
});
