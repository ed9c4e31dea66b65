import { DatabaseError } from './errors.js';
import { transactionKey, type NormalizedTransaction } from './normalize.js';
import type { IngestResult, Transaction } from './ports.js';

/**
 * Splits a batch, in input order, into the rows this call wrote and the rows already held.
 * Every item must be in one of the two maps (keyed by `transactionKey`).
 */
export function ingestResult(
  items: readonly NormalizedTransaction[],
  created: ReadonlyMap<string, Transaction>,
  existing: ReadonlyMap<string, Transaction>,
): IngestResult {
  const result: IngestResult = { created: [], duplicates: [] };
  for (const item of items) {
    const key = transactionKey(item.chain, item.txId);
    const written = created.get(key);
    if (written) {
      result.created.push(written);
      continue;
    }
    const held = existing.get(key);
    if (!held)
      throw new DatabaseError('A transaction was neither written nor found; nothing was kept.');
    result.duplicates.push(held);
  }
  return result;
}
