/**
 * What the risk engine needs to know about a batch of transactions, read from the organization's
 * store in a fixed number of queries per batch (one label query per chain, one history query),
 * never one per row.
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

/** The owner's watched addresses by chain (one query); none when no user owns the call. */
async function watchedByChain(
  repos: ContextRepositories,
  organizationId: string,
  userId: string | null,
): Promise<Map<string, string[]>> {
  const byChain = new Map<string, string[]>();
  if (userId === null) return byChain;
  for (const { chain, address } of await repos.wallets.watchedBy(organizationId, userId)) {
    byChain.set(chain, [...(byChain.get(chain) ?? []), address]);
  }
  return byChain;
}

/**
 * One context per item, in input order. `userId`: whose watched wallets count (the caller's);
 * null for none.
 */
export async function riskContextsFor(
  repos: ContextRepositories,
  organizationId: string,
  userId: string | null,
  items: readonly NewTransaction[],
): Promise<RiskContext[]> {
  if (items.length === 0) return [];
  const addressesByChain = new Map<string, Set<string>>();
  for (const item of items) {
    const addresses = addressesByChain.get(item.chain) ?? new Set<string>();
    addresses.add(item.fromAddress).add(item.toAddress);
    addressesByChain.set(item.chain, addresses);
  }
  const labelsByAddress = new Map<string, AddressLabel[]>();
  for (const [chain, addresses] of addressesByChain) {
    const labels = await repos.labels.forAddresses(organizationId, chain, [...addresses]);
    for (const { address, label, source } of labels) {
      const key = keyOf(chain, address);
      const held = labelsByAddress.get(key) ?? [];
      held.push({ address, label, source });
      labelsByAddress.set(key, held);
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
  const watched = await watchedByChain(repos, organizationId, userId);
  return items.map((item, index) => {
    const facts = history[index];
    if (!facts) throw new Error('historyFacts answered fewer items than asked');
    const parties =
      item.fromAddress === item.toAddress ? [item.fromAddress] : [item.fromAddress, item.toAddress];
    return {
      labels: parties.flatMap((address) => labelsByAddress.get(keyOf(item.chain, address)) ?? []),
      watchedWallets: watched.get(item.chain) ?? [],
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
  userId: string | null,
  items: readonly NewTransaction[],
): Promise<ScoredTransaction[]> {
  const contexts = await riskContextsFor(repos, organizationId, userId, items);
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
