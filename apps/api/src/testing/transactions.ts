import { randomUUID } from 'node:crypto';
import type { Inputs } from './trpc-http.js';

export type NewTransactionInput = Inputs['transactions']['ingest']['transactions'][number];

/** An outgoing XRP payment between two valid addresses, with a fee and a fresh txId. */
export function aTransaction(overrides: Partial<NewTransactionInput> = {}): NewTransactionInput {
  return {
    chain: 'xrpl',
    txId: randomUUID().replaceAll('-', '').toUpperCase(),
    timestamp: '2024-05-01T12:00:00Z',
    fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
    toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
    amount: '12.5',
    currency: 'XRP',
    direction: 'out',
    memo: null,
    fee: '0.000012',
    tags: [],
    ...overrides,
  };
}
