/**
 * A first, bounded try for filtered `transactions.list` pages on SQLite. The planner chooses
 * between walking the index in the list's order (cheap when many rows match: a page fills after
 * a few hundred rows) and an index on a filtered column followed by a sort (cheap when few do);
 * its statistics are averages, so for a busy wallet or a broad time range it sorts every matching
 * row (tens of milliseconds on a million rows). The probe reads the first rows of the order index
 * (after the cursor) — a CROSS JOIN makes them drive the query, whatever the planner would
 * prefer — checks the filters on those rows only, and answers when that fills the page; those
 * rows are then exactly the page the full query returns, because nothing later in the order can
 * come before them. Otherwise the caller runs the planner's query: a failed probe costs at most
 * PROBE_ROWS' largest count of index entries and row reads, and the longer try is skipped when
 * the short one's density says it cannot fill the page. The filters mean what they mean in
 * transactions.ts (the store contract runs both paths).
 */
import type { Statement } from 'better-sqlite3';
import { decimalSortKey } from '../decimal.js';
import { BoundedCache, LIST_STATEMENT_CAPACITY, listShapeKey } from '../list-statements.js';
import type { Transaction, TransactionSort } from '../ports.js';
import { toTransaction } from '../records.js';
import { likeContains, type CheckedListRequest } from '../transaction-list.js';
import type { SqliteConnection } from './connection.js';

/**
 * Entries of the order index each try reads: a short one for filters that match often (a busy
 * wallet), then a longer one (a page of 50 fills when 1 row in 80 matches).
 */
export const PROBE_ROWS = [400, 4000] as const;

const isTimeSort = (sort: TransactionSort) => sort === 'timestamp_desc' || sort === 'timestamp_asc';
const isAmountSort = (sort: TransactionSort) => sort === 'amount_desc' || sort === 'amount_asc';

/**
 * When a filter gives the planner an index that loses the list's order: the wallet (its sender
 * and recipient indexes), a time range unless sorted by time, an amount range unless sorted by
 * amount, a risk bucket unless sorted by time. Direction, category and memo have no index, so
 * the planner walks the order index by itself.
 */
export function worthProbing({ filter, sort }: CheckedListRequest): boolean {
  if (filter.wallet !== undefined) return true;
  const timeRange = filter.fromMs !== undefined || filter.toMs !== undefined;
  const amountRange = filter.minAmount !== undefined || filter.maxAmount !== undefined;
  if (timeRange && !isTimeSort(sort)) return true;
  if (amountRange && !isAmountSort(sort)) return true;
  return filter.riskBucket !== undefined && !isTimeSort(sort);
}

/** The index whose order is the sort's (organization, sort column, id), and that column. */
function orderOf(sort: TransactionSort): { index: string; column: string } {
  if (isAmountSort(sort)) return { index: 'transactions_amount_idx', column: 'amount_key' };
  if (sort === 'risk_desc') return { index: 'transactions_risk_idx', column: 'risk_score' };
  return { index: 'transactions_organization_list_idx', column: 'timestamp' };
}

/** The select list of the list's hand-written statements; `fromListRow` maps what it reads. */
export const LIST_COLUMNS = `transactions.id as id, organization_id as organizationId, chain, tx_id as txId,
  timestamp, from_address as fromAddress, to_address as toAddress, amount, currency, issuer,
  direction,
  memo, fee, tags, created_at as createdAt, category, risk_score as riskScore,
  risk_flags as riskFlags, risk_bucket as riskBucket, ruleset_version as rulesetVersion`;

/** The statement of a shape; its parameters come from `parametersOf` in the same order. */
function statementSql({ sort, descending, after, filter }: CheckedListRequest): string {
  const { index, column } = orderOf(sort);
  const direction = descending ? 'desc' : 'asc';
  const cursor = after === undefined ? '' : `and (${column}, id) ${descending ? '<' : '>'} (?, ?)`;
  const conditions = ['1'];
  if (filter.wallet !== undefined) conditions.push('(from_address = ? or to_address = ?)');
  if (filter.direction !== undefined) conditions.push('direction = ?');
  if (filter.category !== undefined) conditions.push('category = ?');
  if (filter.riskBucket !== undefined) conditions.push('risk_bucket = ?');
  if (filter.fromMs !== undefined) conditions.push('timestamp >= ?');
  if (filter.toMs !== undefined) conditions.push('timestamp <= ?');
  if (filter.minAmount !== undefined) conditions.push('amount_key >= ?');
  if (filter.maxAmount !== undefined) conditions.push('amount_key <= ?');
  if (filter.memo !== undefined) conditions.push(`memo like ? escape '\\'`);
  return `select ${LIST_COLUMNS}
    from (select rowid as candidate from transactions indexed by ${index}
          where organization_id = ? ${cursor}
          order by ${column} ${direction}, id ${direction} limit ?) as probe
    cross join transactions on transactions.rowid = probe.candidate
    where ${conditions.join(' and ')}
    order by ${column} ${direction}, transactions.id ${direction}
    limit ?`;
}

function parametersOf(
  owner: string,
  { sort, after, filter, limit }: CheckedListRequest,
  probeRows: number,
): unknown[] {
  const parameters: unknown[] = [owner];
  if (after !== undefined) {
    parameters.push(isAmountSort(sort) ? decimalSortKey(after.value as string) : after.value);
    parameters.push(after.id);
  }
  parameters.push(probeRows);
  if (filter.wallet !== undefined) parameters.push(filter.wallet, filter.wallet);
  if (filter.direction !== undefined) parameters.push(filter.direction);
  if (filter.category !== undefined) parameters.push(filter.category);
  if (filter.riskBucket !== undefined) parameters.push(filter.riskBucket);
  if (filter.fromMs !== undefined) parameters.push(filter.fromMs);
  if (filter.toMs !== undefined) parameters.push(filter.toMs);
  if (filter.minAmount !== undefined) parameters.push(decimalSortKey(filter.minAmount));
  if (filter.maxAmount !== undefined) parameters.push(decimalSortKey(filter.maxAmount));
  if (filter.memo !== undefined) parameters.push(likeContains(filter.memo));
  parameters.push(limit + 1);
  return parameters;
}

type ListRow = Omit<Parameters<typeof toTransaction>[0], 'tags' | 'riskFlags'> & {
  tags: string;
  riskFlags: string;
};

export function fromListRow(row: unknown): Transaction {
  const listed = row as ListRow;
  return toTransaction({
    ...listed,
    tags: JSON.parse(listed.tags) as string[],
    riskFlags: JSON.parse(listed.riskFlags) as string[],
  });
}

/**
 * `probe(owner, request)`: the page's rows (limit + 1 at most, as the list query returns them)
 * when a probe fills the page; null when the caller should run its own query.
 */
export function createListProbe(connection: SqliteConnection) {
  const statements = new BoundedCache<Statement>(LIST_STATEMENT_CAPACITY);
  return (owner: string, request: CheckedListRequest): Transaction[] | null => {
    if (!worthProbing(request)) return null;
    const statement = statements.get(listShapeKey(request), () =>
      connection.prepare(statementSql(request)),
    );
    for (const [index, probeRows] of PROBE_ROWS.entries()) {
      const rows = statement.all(...parametersOf(owner, request, probeRows));
      if (rows.length > request.limit) return rows.map(fromListRow);
      // At the density seen so far, would the next, longer try fill the page? If not, skip it.
      const next = PROBE_ROWS[index + 1];
      if (next === undefined || rows.length * next < (request.limit + 1) * probeRows) break;
    }
    return null;
  };
}
