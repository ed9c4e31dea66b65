import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { chunks, groupBy } from '../chunks.js';
import { canonicalDecimal } from '../decimal.js';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
import { NotFoundError } from '../errors.js';
import { ingestResult } from '../ingest-result.js';
import { bucketedHistoryFacts } from '../history-buckets.js';
import { checkHistoryProbes } from '../history-probes.js';
import {
  normalizeScores,
  normalizeTransactions,
  toIsoTimestamp,
  transactionKey,
  type NormalizedTransaction,
} from '../normalize.js';
import type { Transaction, TransactionRepository, TransactionSort } from '../ports.js';
import {
  checkListRequest,
  likeContains,
  sortedPage,
  type CheckedListRequest,
} from '../transaction-list.js';
import { toTransaction as toRecord } from '../records.js';
import { isUuid } from '../uuidv7.js';
import { lazy } from '../lazy.js';
import { BoundedCache, LIST_STATEMENT_CAPACITY, listShapeKey } from '../list-statements.js';
import type { PgHandle } from './database.js';
import { createPgHistoryReader } from './history-reader.js';
import type { PgStatistics } from './statistics.js';
import { insertTransactions } from './transaction-insert.js';
import { transactions } from './schema.js';

type TransactionRow = typeof transactions.$inferSelect;

const placeholder = {
  wallet: sql.placeholder('wallet'),
  direction: sql.placeholder('direction'),
  category: sql.placeholder('category'),
  riskBucket: sql.placeholder('riskBucket'),
  from: sql.placeholder('from'),
  to: sql.placeholder('to'),
  minAmount: sql.placeholder('minAmount'),
  maxAmount: sql.placeholder('maxAmount'),
  memoPattern: sql.placeholder('memoPattern'),
  afterValue: sql.placeholder('afterValue'),
  afterId: sql.placeholder('afterId'),
};

/** The conditions of the request's shape, with placeholders that `listParameters` fills. */
function listConditions({ filter, sort, descending, after }: CheckedListRequest): SQL[] {
  const p = placeholder;
  const conditions: SQL[] = [];
  if (filter.wallet !== undefined) {
    conditions.push(
      sql`(${transactions.fromAddress} = ${p.wallet} or ${transactions.toAddress} = ${p.wallet})`,
    );
  }
  if (filter.direction !== undefined) conditions.push(eq(transactions.direction, p.direction));
  if (filter.category !== undefined) conditions.push(eq(transactions.category, p.category));
  if (filter.riskBucket !== undefined) conditions.push(eq(transactions.riskBucket, p.riskBucket));
  if (filter.fromMs !== undefined)
    conditions.push(sql`${transactions.timestamp} >= ${p.from}::timestamptz`);
  if (filter.toMs !== undefined)
    conditions.push(sql`${transactions.timestamp} <= ${p.to}::timestamptz`);
  if (filter.minAmount !== undefined)
    conditions.push(sql`${transactions.amount} >= ${p.minAmount}::numeric`);
  if (filter.maxAmount !== undefined)
    conditions.push(sql`${transactions.amount} <= ${p.maxAmount}::numeric`);
  if (filter.memo !== undefined) {
    conditions.push(sql`${transactions.memo} ilike ${p.memoPattern} escape '\\'`);
  }
  if (after !== undefined) {
    const value = sortParameter(sort);
    const column = sortColumn(sort);
    conditions.push(
      descending
        ? sql`(${column}, ${transactions.id}) < (${value}, ${p.afterId}::uuid)`
        : sql`(${column}, ${transactions.id}) > (${value}, ${p.afterId}::uuid)`,
    );
  }
  return conditions;
}

function listParameters(
  organizationId: string,
  { filter, sort, after, limit }: CheckedListRequest,
): Record<string, unknown> {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : toIsoTimestamp(ms));
  const isTimestampSort = sort === 'timestamp_desc' || sort === 'timestamp_asc';
  return {
    organizationId,
    limit: limit + 1,
    wallet: filter.wallet,
    direction: filter.direction,
    category: filter.category,
    riskBucket: filter.riskBucket,
    from: iso(filter.fromMs),
    to: iso(filter.toMs),
    minAmount: filter.minAmount,
    maxAmount: filter.maxAmount,
    memoPattern: filter.memo === undefined ? undefined : likeContains(filter.memo),
    afterValue: isTimestampSort ? iso(after?.value as number | undefined) : after?.value,
    afterId: after?.id,
  };
}

function sortColumn(sort: TransactionSort) {
  if (sort === 'amount_desc' || sort === 'amount_asc') return transactions.amount;
  if (sort === 'risk_desc') return transactions.riskScore;
  return transactions.timestamp;
}

function sortParameter(sort: TransactionSort): SQL {
  if (sort === 'amount_desc' || sort === 'amount_asc')
    return sql`${placeholder.afterValue}::numeric`;
  if (sort === 'risk_desc') return sql`${placeholder.afterValue}::integer`;
  return sql`${placeholder.afterValue}::timestamptz`;
}

function listOrder({ sort, descending }: CheckedListRequest): SQL[] {
  const direction = descending ? desc : asc;
  return [direction(sortColumn(sort)), direction(transactions.id)];
}

/** 1000 rows × 19 columns = 19000 parameters, inside PostgreSQL's 65535. */
const INSERT_CHUNK_ROWS = 1000;
const LOOKUP_CHUNK_IDS = 1000;

export function createPgTransactions(
  db: PgHandle,
  statistics?: PgStatistics,
): TransactionRepository {
  const organizationId = sql.placeholder('organizationId');
  const selectById = lazy(() =>
    db
      .select()
      .from(transactions)
      .where(
        and(
          eq(transactions.organizationId, organizationId),
          eq(transactions.id, sql.placeholder('id')),
        ),
      )
      .prepare('transactions_by_id'),
  );
  const total = sql<string | null>`sum(${transactions.amount})::text`;
  const volumeAll = lazy(() =>
    db
      .select({ total })
      .from(transactions)
      .where(eq(transactions.organizationId, organizationId))
      .prepare('transactions_volume'),
  );
  const volumeOfCurrency = lazy(() =>
    db
      .select({ total })
      .from(transactions)
      .where(
        and(
          eq(transactions.organizationId, organizationId),
          eq(transactions.currency, sql.placeholder('currency')),
        ),
      )
      .prepare('transactions_volume_currency'),
  );

  const prepareList = (shape: CheckedListRequest) =>
    db
      .select()
      .from(transactions)
      .where(and(eq(transactions.organizationId, organizationId), ...listConditions(shape)))
      .orderBy(...listOrder(shape))
      .limit(sql.placeholder('limit'))
      .prepare(`transactions_list_${listShapeKey(shape)}`);
  const listStatements = new BoundedCache<ReturnType<typeof prepareList>>(LIST_STATEMENT_CAPACITY);

  async function selectHeld(
    tx: PgHandle,
    owner: string,
    items: NormalizedTransaction[],
  ): Promise<Map<string, Transaction>> {
    const held = new Map<string, Transaction>();
    for (const [chain, group] of groupBy(items, (item) => item.chain)) {
      for (const part of chunks(group, LOOKUP_CHUNK_IDS)) {
        const rows = await tx
          .select()
          .from(transactions)
          .where(
            and(
              eq(transactions.organizationId, owner),
              eq(transactions.chain, chain),
              inArray(
                transactions.txId,
                part.map((item) => item.txId),
              ),
            ),
          );
        for (const row of rows) held.set(transactionKey(row.chain, row.txId), toTransaction(row));
      }
    }
    return held;
  }

  return {
    async ingest(owner, items) {
      const normalized = normalizeTransactions(items);
      if (normalized.length === 0) return { created: [], duplicates: [] };
      if (!isUuid(owner)) throw new NotFoundError(UNKNOWN_ORGANIZATION);
      // A savepoint when the caller's unit of work is already open.
      return db.transaction(async (tx) => {
        const createdAt = new Date();
        const created = new Map<string, Transaction>();
        for (const part of chunks(normalized, INSERT_CHUNK_ROWS)) {
          // One JSON parameter, not 19 per row (transaction-insert.ts).
          for (const row of await insertTransactions(tx, owner, part, createdAt)) {
            created.set(transactionKey(row.chain, row.txId), row);
          }
        }
        statistics?.written(created.size);
        const notWritten = normalized.filter(
          (item) => !created.has(transactionKey(item.chain, item.txId)),
        );
        return ingestResult(normalized, created, await selectHeld(tx, owner, notWritten));
      });
    },
    async list(owner, request) {
      const checked = checkListRequest(request);
      if (!isUuid(owner)) return { items: [], nextCursor: null };
      const statement = listStatements.get(listShapeKey(checked), () => prepareList(checked));
      const rows = await statement.execute(listParameters(owner, checked));
      return sortedPage(rows.map(toTransaction), checked.limit, checked.sort);
    },
    async updateScores(owner, updates) {
      const checked = updates.map((update, index) => ({
        id: update.id,
        ...normalizeScores(update, `updates[${index}]`),
      }));
      const known = checked.filter((update) => isUuid(update.id));
      if (known.length === 0 || !isUuid(owner)) return 0;
      let changed = 0;
      for (const part of chunks(known, LOOKUP_CHUNK_IDS)) {
        const payload = JSON.stringify(
          part.map((update) => ({
            id: update.id,
            category: update.category,
            risk_score: update.riskScoreBp,
            risk_flags: update.riskFlags,
            risk_bucket: update.riskBucket,
            ruleset_version: update.rulesetVersion,
          })),
        );
        const result = await db.execute(sql`
          update transactions t set category = u.category, risk_score = u.risk_score,
            risk_flags = array(select jsonb_array_elements_text(u.risk_flags)),
            risk_bucket = u.risk_bucket, ruleset_version = u.ruleset_version
          from jsonb_to_recordset(${payload}::jsonb) as u(id uuid, category text,
            risk_score integer, risk_flags jsonb, risk_bucket text, ruleset_version text)
          where t.organization_id = ${owner}::uuid and t.id = u.id`);
        changed += result.count;
      }
      return changed;
    },
    // Sender histories through their amount buckets (history-buckets.ts, history-reader.ts).
    async historyFacts(owner, items) {
      const probes = checkHistoryProbes(items);
      if (probes.length === 0) return [];
      if (!isUuid(owner)) {
        return probes.map(() => ({
          senderPriorCount: 0,
          senderPriorMedian: null,
          sameAmountDistinctRecipients24h: 1,
        }));
      }
      return bucketedHistoryFacts(createPgHistoryReader(db, owner), probes);
    },
    async byId(owner, id) {
      if (!isUuid(owner) || !isUuid(id)) return null;
      const [row] = await selectById().execute({ organizationId: owner, id });
      return row ? toTransaction(row) : null;
    },
    async volume(owner, filter) {
      if (!isUuid(owner)) return '0';
      const [row] =
        filter?.currency === undefined
          ? await volumeAll().execute({ organizationId: owner })
          : await volumeOfCurrency().execute({ organizationId: owner, currency: filter.currency });
      return row?.total == null ? '0' : canonicalDecimal(row.total);
    },
  };
}

function toTransaction(row: TransactionRow): Transaction {
  return toRecord({
    ...row,
    amount: canonicalDecimal(row.amount),
    fee: canonicalDecimal(row.fee),
  });
}
