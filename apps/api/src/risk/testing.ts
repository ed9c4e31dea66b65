import type { RiskContext, RiskTransaction } from './types.js';

/** A plain transaction the tests vary one field at a time: outgoing, no fee, no memo, no tags. */
export function aTransaction(overrides: Partial<RiskTransaction> = {}): RiskTransaction {
  return {
    amount: '50',
    fee: '0',
    direction: 'out',
    memo: null,
    tags: [],
    fromAddress: 'rSender',
    toAddress: 'rRecipient',
    ...overrides,
  };
}

/** A context where nothing is known: no labels, no watched wallets, no history. */
export function aContext(
  overrides: Partial<Omit<RiskContext, 'history'>> & {
    history?: Partial<RiskContext['history']>;
  } = {},
): RiskContext {
  return {
    labels: overrides.labels ?? [],
    watchers: overrides.watchers ?? { sender: [], recipient: [] },
    history: {
      senderPriorCount: 0,
      senderPriorMedian: null,
      sameAmountDistinctRecipients24h: 1,
      ...overrides.history,
    },
  };
}
