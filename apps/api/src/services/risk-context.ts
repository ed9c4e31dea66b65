/**
 * What the risk engine needs to know about a batch of transactions, read from the organization's
 * store in a fixed number of queries per batch (per chain one label and one watcher query, then
 * one history query), never one per row.
 */
import type { NewTransaction, Repositories, ScoredTransaction } from '@klerno/db';
import {
  categorize,
  scoreTransaction,
  type AddressLabel,
  type CategoryAssessment,
  type RiskAssessment,
  type RiskContext,
} from '../risk/index.js';

const keyOf = (chain: string, address: string) => `${chain}\u0000${address}`;

type ContextRepositories = Pick<Repositories, 'labels' | 'transactions' | 'wallets'>;

/** Every address of the batch, by chain. */
function addressesByChain(items: readonly NewTransaction[]): Map<string, string[]> {
  const byChain = new Map<string, Set<string>>();
  for (const item of items) {
    const addresses = byChain.get(item.chain) ?? new Set<string>();
    addresses.add(item.fromAddress).add(item.toAddress);
    byChain.set(item.chain, addresses);
  }
  return new Map([...byChain].map(([chain, addresses]) => [chain, [...addresses]]));
}

/** Appends `value` to the list kept under `key`. */
function collect<Value>(map: Map<string, Value[]>, key: string, value: Value): void {
  const held = map.get(key);
  if (held) held.push(value);
  else map.set(key, [value]);
}

/**
 * One context per item, in input order: the labels on its parties, the users who watch them and
 * its history facts. Nothing in it depends on who asks, so a score, an ingest, an explain and a
 * re-score of the same transaction agree whoever runs them.
 */
export async function riskContextsFor(
  repos: ContextRepositories,
  organizationId: string,
  items: readonly NewTransaction[],
): Promise<RiskContext[]> {
  if (items.length === 0) return [];
  const labelsByAddress = new Map<string, AddressLabel[]>();
  const watchersByAddress = new Map<string, string[]>();
  for (const [chain, addresses] of addressesByChain(items)) {
    for (const { address, label, source } of await repos.labels.forAddresses(
      organizationId,
      chain,
      addresses,
    )) {
      collect(labelsByAddress, keyOf(chain, address), { address, label, source });
    }
    for (const { address, userId } of await repos.wallets.watchers(
      organizationId,
      chain,
      addresses,
    )) {
      collect(watchersByAddress, keyOf(chain, address), userId);
    }
  }
  const history = await repos.transactions.historyFacts(
    organizationId,
    items.map(({ chain, txId, fromAddress, toAddress, amount, currency, timestamp }) => ({
      chain,
      txId,
      fromAddress,
      toAddress,
      amount,
      currency,
      timestamp,
    })),
  );
  return items.map((item, index) => {
    const facts = history[index];
    if (!facts) throw new Error('historyFacts answered fewer items than asked');
    const sender = keyOf(item.chain, item.fromAddress);
    const recipient = keyOf(item.chain, item.toAddress);
    return {
      labels: [
        ...(labelsByAddress.get(sender) ?? []),
        ...(sender === recipient ? [] : (labelsByAddress.get(recipient) ?? [])),
      ],
      watchers: {
        sender: watchersByAddress.get(sender) ?? [],
        recipient: watchersByAddress.get(recipient) ?? [],
      },
      history: facts,
    };
  });
}

export interface RiskEvaluation {
  risk: RiskAssessment;
  category: CategoryAssessment;
}

export function evaluate(item: NewTransaction, context: RiskContext): RiskEvaluation {
  return { risk: scoreTransaction(item, context), category: categorize(item, context) };
}

/** The batch with its computed fields, ready for `transactions.ingest`. */
export async function scoreBatch(
  repos: ContextRepositories,
  organizationId: string,
  items: readonly NewTransaction[],
): Promise<ScoredTransaction[]> {
  const contexts = await riskContextsFor(repos, organizationId, items);
  return items.map((item, index) => {
    const { risk, category } = evaluate(item, contexts[index]!);
    return {
      ...item,
      category: category.category,
      riskScore: risk.score,
      riskFlags: risk.flags,
      riskBucket: risk.bucket,
      rulesetVersion: risk.version,
    };
  });
}
