import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { chunks, groupBy } from '../chunks.js';
import { decodeCursor } from '../cursor.js';
import { canonicalDecimal } from '../decimal.js';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
import { NotFoundError } from '../errors.js';
import { ingestResult } from '../ingest-result.js';
import {
  checkPageLimit,
  normalizeTransactions,
  toIsoTimestamp,
  transactionKey,
  type NormalizedTransaction,
} from '../normalize.js';
import { transactionPage } from '../page.js';
import type { Transaction, TransactionRepository } from '../ports.js';
import { toTransaction as toRecord } from '../records.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import { lazy } from '../lazy.js';
import type { PgHandle } from './database.js';
import { transactions } from './schema.js';

type TransactionRow = typeof transactions.$inferSelect;

/** 1000 rows × 14 columns = 14000 parameters, inside PostgreSQL's 65535. */
const INSERT_CHUNK_ROWS = 1000;
const LOOKUP_CHUNK_IDS = 1000;

export function createPgTransactions(db: PgHandle): TransactionRepository {
  const organizationId = sql.placeholder('organizationId');
  const newestFirst = [desc(transactions.timestamp), desc(transactions.id)] as const;
  const firstPage = lazy(() =>
    db
      .select()
      .from(transactions)
      .where(eq(transactions.organizationId, organizationId))
      .orderBy(...newestFirst)
      .limit(sql.placeholder('limit'))
      .prepare('transactions_first_page'),
  );
  const pageAfter = lazy(() =>
    db
      .select()
      .from(transactions)
      .where(
        and(
          eq(transactions.organizationId, organizationId),
          sql`(${transactions.timestamp}, ${transactions.id}) < (${sql.placeholder('timestamp')}::timestamptz, ${sql.placeholder('id')}::uuid)`,
        ),
      )
      .orderBy(...newestFirst)
      .limit(sql.placeholder('limit'))
      .prepare('transactions_page_after'),
  );
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
          const rows = await tx
            .insert(transactions)
            .values(part.map((item) => toRow(owner, item, createdAt)))
            .onConflictDoNothing({
              target: [transactions.organizationId, transactions.chain, transactions.txId],
            })
            .returning();
          for (const row of rows) {
            created.set(transactionKey(row.chain, row.txId), toTransaction(row));
          }
        }
        const notWritten = normalized.filter(
          (item) => !created.has(transactionKey(item.chain, item.txId)),
        );
        return ingestResult(normalized, created, await selectHeld(tx, owner, notWritten));
      });
    },
    async list(owner, page) {
      const limit = checkPageLimit(page);
      const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
      if (!isUuid(owner)) return { items: [], nextCursor: null };
      const rows =
        after === undefined
          ? await firstPage().execute({ organizationId: owner, limit: limit + 1 })
          : await pageAfter().execute({
              organizationId: owner,
              limit: limit + 1,
              timestamp: toIsoTimestamp(after.timestampMs),
              id: after.id,
            });
      return transactionPage(rows.map(toTransaction), limit);
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

function toRow(
  organizationId: string,
  item: NormalizedTransaction,
  createdAt: Date,
): TransactionRow {
  return {
    id: uuidv7(),
    organizationId,
    chain: item.chain,
    txId: item.txId,
    timestamp: new Date(item.timestampMs),
    fromAddress: item.fromAddress,
    toAddress: item.toAddress,
    amount: item.amount,
    currency: item.currency,
    direction: item.direction,
    memo: item.memo,
    fee: item.fee,
    tags: item.tags,
    createdAt,
  };
}

function toTransaction(row: TransactionRow): Transaction {
  return toRecord({
    ...row,
    amount: canonicalDecimal(row.amount),
    fee: canonicalDecimal(row.fee),
  });
}
