import { describe, expect, it } from 'vitest';
import { RULESET_VERSION, categorize } from './index.js';
import { aTransaction } from './testing.js';
import type { Category, RiskContext, RiskTransaction } from './types.js';

const none = { watchers: { sender: [], recipient: [] } };
const internal = { watchers: { sender: ['u1', 'u2'], recipient: ['u2'] } };

describe('categorize', () => {
  it.each<[string, Partial<RiskTransaction>, Pick<RiskContext, 'watchers'>, Category]>([
    ['incoming, no memo: direction alone', { direction: 'in' }, none, 'income'],
    ['outgoing, no memo: direction alone', {}, none, 'expense'],
    ['income keyword beats the outgoing direction', { memo: 'Monthly SALARY' }, none, 'income'],
    ['keywords are whole words only', { memo: 'salaryman swapped fees' }, none, 'expense'],
    ['words split on punctuation', { memo: 'gas-fee' }, none, 'fee'],
    ['trade keyword beats incoming', { direction: 'in', memo: 'swap' }, none, 'trade'],
    [
      'keyword plus direction beats one keyword',
      { direction: 'in', memo: 'swap reward' },
      none,
      'income',
    ],
    ['transfer keyword beats incoming', { direction: 'in', memo: 'send' }, none, 'transfer'],
    ['tie fee = trade → fee', { memo: 'swap fee' }, none, 'fee'],
    ['tie trade = income → trade', { memo: 'trade airdrop' }, none, 'trade'],
    ['tie trade = transfer → trade', { memo: 'trade transfer' }, none, 'trade'],
    ['tie income = transfer → income', { memo: 'interest transfer' }, none, 'income'],
    ['fee-only payment', { amount: '0', fee: '0.000012' }, none, 'fee'],
    ['zero amount, zero fee is not fee-only', { amount: '0', fee: '0' }, none, 'expense'],
    ['a fee with an amount is not fee-only', { amount: '5', fee: '1' }, none, 'expense'],
    ['internal transfer', {}, internal, 'transfer'],
    ['internal transfer beats one keyword', { memo: 'exchange' }, internal, 'transfer'],
    ['fee-only internal tie fee = transfer → fee', { amount: '0', fee: '1' }, internal, 'fee'],
  ])('%s', (_name, tx, context, category) => {
    expect(categorize(aTransaction(tx), context).category).toBe(category);
  });

  it('scores every category; repeated keywords count once', () => {
    expect(categorize(aTransaction({ memo: 'swap Swap trade yield' }), internal)).toEqual({
      category: 'trade',
      scores: { fee: 0, trade: 1.2, income: 0.6, transfer: 1, expense: 0.4, unknown: 0 },
      version: RULESET_VERSION,
    });
  });
});
