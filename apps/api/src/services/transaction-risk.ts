/**
 * `transactions.score` and `transactions.explain`: the same context gathering as ingest (labels,
 * watched wallets, history facts), evaluated without writing anything.
 */
import type { NewTransaction, Store, Transaction } from '@klerno/db';
import type { AddressLabel, Category, Contribution, RiskBucket, RiskFlag } from '../risk/index.js';
import { evaluate, riskContextsFor } from './risk-context.js';
import { transactionById } from './transactions.js';

/**
 * A txId no stored row can have (stored ones never contain a space), so the history of a
 * candidate without a ledger id counts every stored row.
 */
const UNSENT_TX_ID = ' unsent';

export interface RiskReport {
  score: number;
  bucket: RiskBucket;
  flags: RiskFlag[];
  category: Category;
  contributions: Contribution[];
  labels: AddressLabel[];
  version: string;
}

export type ScoreCandidate = Omit<NewTransaction, 'txId' | 'timestamp'> & {
  txId?: string | undefined;
  timestamp?: string | undefined;
};

async function report(
  store: Store,
  organizationId: string,
  item: NewTransaction,
): Promise<RiskReport> {
  const [context] = await riskContextsFor(store, organizationId, [item]);
  const { risk, category } = evaluate(item, context!);
  return {
    score: risk.score,
    bucket: risk.bucket,
    flags: risk.flags,
    category: category.category,
    contributions: risk.contributions,
    labels: [...context!.labels],
    version: risk.version,
  };
}

/** Evaluates a proposed transaction against the rules, labels and history; stores nothing. */
export function scoreCandidate(
  store: Store,
  organizationId: string,
  candidate: ScoreCandidate,
  now: Date,
): Promise<RiskReport> {
  return report(store, organizationId, {
    ...candidate,
    txId: candidate.txId ?? UNSENT_TX_ID,
    timestamp: candidate.timestamp ?? now.toISOString(),
  });
}

/** A stored transaction's score recomputed with its context (its own row left out of history). */
export async function explainTransaction(
  store: Store,
  organizationId: string,
  id: string,
): Promise<RiskReport & { transactionId: string; storedRulesetVersion: string | null }> {
  const row: Transaction = await transactionById(store, organizationId, id);
  return {
    ...(await report(store, organizationId, row)),
    transactionId: row.id,
    storedRulesetVersion: row.rulesetVersion,
  };
}
