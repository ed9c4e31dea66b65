import type {
  Alert,
  IngestResult,
  NewTransaction,
  Page,
  Store,
  Transaction,
  TransactionListRequest,
} from '@klerno/db';
import type { TransactionQuery } from '../dto/transaction-filters.js';
import { effectiveRiskThreshold, raiseAlerts, type AlertRaising } from './alert-raising.js';
import { DuplicateInBatchError, RecordNotFoundError } from './errors.js';
import { scoreBatch } from './risk-context.js';

/** Rows handed to the repository per call; an import of more still commits as one unit of work. */
export const INGEST_CHUNK_SIZE = 1000;

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
 * Writes the batch's new transactions as one unit of work (in chunks of INGEST_CHUNK_SIZE, so an
 * import of thousands is all-or-nothing too); rows the organization already holds are reported,
 * not written again. A (chain, txId) twice in the batch writes nothing. Every row is scored
 * (SPEC §5) before it is written, with its context read per chunk (labels, history), so history
 * facts count rows stored before the chunk, not the chunk's own rows.
 * `transactions.ingest`, `importCsv` and `importXrpl` all write through here.
 *
 * With `alerting`, rows scoring at or above the owner's threshold raise alerts in the same unit of
 * work (SPEC §4), announced to live subscribers only after it has committed.
 */
export async function ingestTransactions(
  store: Store,
  organizationId: string,
  items: readonly NewTransaction[],
  /** Whose threshold raises alerts: the caller's. */
  userId: string | null = null,
  alerting: AlertRaising | null = null,
): Promise<IngestResult> {
  assertNoDuplicatesInBatch(items);
  if (items.length === 0) return { created: [], duplicates: [] };
  const { ingested, raised } = await store.transaction(async (repos) => {
    const ingested: IngestResult = { created: [], duplicates: [] };
    const raised: Alert[] = [];
    const threshold = alerting
      ? await effectiveRiskThreshold(repos, organizationId, userId, alerting.defaultRiskThreshold)
      : null;
    const now = alerting?.clock() ?? new Date();
    for (let start = 0; start < items.length; start += INGEST_CHUNK_SIZE) {
      const chunk = items.slice(start, start + INGEST_CHUNK_SIZE);
      const scored = await scoreBatch(repos, organizationId, chunk);
      const written = await repos.transactions.ingest(organizationId, scored);
      ingested.created.push(...written.created);
      ingested.duplicates.push(...written.duplicates);
      if (threshold !== null) {
        raised.push(
          ...(await raiseAlerts(repos, organizationId, userId, threshold, written.created, now)),
        );
      }
    }
    return { ingested, raised };
  });
  alerting?.feed.publish(organizationId, raised);
  return ingested;
}

/** Filtered and sorted; a cursor of another sort is refused (400). */
export function listTransactions(
  store: Store,
  organizationId: string,
  request: TransactionListRequest,
): Promise<Page<Transaction>> {
  return store.transactions.list(organizationId, request);
}

/** One transaction of the organization; another organization's id is "not found", like a made-up one. */
export async function transactionById(
  store: Store,
  organizationId: string,
  id: string,
): Promise<Transaction> {
  const row = await store.transactions.byId(organizationId, id);
  if (!row) throw new RecordNotFoundError('transaction');
  return row;
}

/** Rows read per page by exports: large enough to be quick, small enough to keep memory flat. */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * Every transaction of the organization matching `query`, in list order, read page by page with
 * the list's cursor, so at most one page is in memory however many rows there are.
 */
export async function* allTransactions(
  store: Store,
  organizationId: string,
  query: TransactionQuery = { filter: {}, sort: undefined },
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<Transaction, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await store.transactions.list(organizationId, {
      cursor,
      limit: pageSize,
      filter: query.filter,
      sort: query.sort,
    });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
