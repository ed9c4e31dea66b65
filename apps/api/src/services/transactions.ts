import type { IngestResult, NewTransaction, Page, Store, Transaction } from '@klerno/db';
import { DuplicateInBatchError } from './errors.js';

function assertNoDuplicatesInBatch(items: readonly NewTransaction[]): void {
  const firstSeen = new Map<string, number>();
  items.forEach((item, index) => {
    const key = `${item.chain}\u0000${item.txId}`;
    const earlier = firstSeen.get(key);
    if (earlier !== undefined)
      throw new DuplicateInBatchError(item.chain, item.txId, [earlier, index]);
    firstSeen.set(key, index);
  });
}

/**
 * Writes the batch's new transactions as one unit of work; rows the organization already holds
 * are reported, not written again. A (chain, txId) twice in the batch writes nothing.
 */
export async function ingestTransactions(
  store: Store,
  organizationId: string,
  items: readonly NewTransaction[],
): Promise<IngestResult> {
  assertNoDuplicatesInBatch(items);
  return store.transaction((repos) => repos.transactions.ingest(organizationId, [...items]));
}

export function listTransactions(
  store: Store,
  organizationId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Transaction>> {
  return store.transactions.list(organizationId, page);
}
