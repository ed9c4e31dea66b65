import { and, desc, eq, sql } from 'drizzle-orm';
import { decodeCursor } from '../cursor.js';
import { canonicalDecimal } from '../decimal.js';
import { ingestResult } from '../ingest-result.js';
import {
  checkPageLimit,
  normalizeTransactions,
  transactionKey,
  type NormalizedTransaction,
} from '../normalize.js';
import { transactionPage } from '../page.js';
import type { IngestResult, Transaction, TransactionRepository } from '../ports.js';
import { lazy } from '../lazy.js';
import { toTransaction } from '../records.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import type { SqliteConnection } from './connection.js';
import type { SqliteDatabase } from './database.js';
import { transactions } from './schema.js';

type TransactionRow = typeof transactions.$inferSelect;

export function createSqliteTransactions(
  db: SqliteDatabase,
  connection: SqliteConnection,
): TransactionRepository {
  const organizationId = sql.placeholder('organizationId');
  const newestFirst = [desc(transactions.timestamp), desc(transactions.id)] as const;
  const firstPage = lazy(() =>
    db
      .select()
      .from(transactions)
      .where(eq(transactions.organizationId, organizationId))
      .orderBy(...newestFirst)
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
  const pageAfter = lazy(() =>
    db
      .select()
      .from(transactions)
      .where(
        and(
          eq(transactions.organizationId, organizationId),
          sql`(${transactions.timestamp}, ${transactions.id}) < (${sql.placeholder('timestampMs')}, ${sql.placeholder('id')})`,
        ),
      )
      .orderBy(...newestFirst)
      .limit(sql.placeholder('limit'))
      .prepare(),
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
      .prepare(),
  );
  const total = sql<string | null>`decimal_sum(${transactions.amount})`;
  const volumeAll = lazy(() =>
    db
      .select({ total })
      .from(transactions)
      .where(eq(transactions.organizationId, organizationId))
      .prepare(),
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
      .prepare(),
  );

  // In SQLite (no network round trips) one prepared single-row statement run per row inside one
  // transaction beats multi-row statements: measured 17 ms vs 29 ms per 1000 rows.
  const insertOne = lazy(() =>
    db
      .insert(transactions)
      .values({
        id: sql.placeholder('id'),
        organizationId: sql.placeholder('organizationId'),
        chain: sql.placeholder('chain'),
        txId: sql.placeholder('txId'),
        timestamp: sql.placeholder('timestamp'),
        fromAddress: sql.placeholder('fromAddress'),
        toAddress: sql.placeholder('toAddress'),
        amount: sql.placeholder('amount'),
        currency: sql.placeholder('currency'),
        direction: sql.placeholder('direction'),
        memo: sql.placeholder('memo'),
        fee: sql.placeholder('fee'),
        tags: sql.placeholder('tags'),
        createdAt: sql.placeholder('createdAt'),
      })
      .onConflictDoNothing({
        target: [transactions.organizationId, transactions.chain, transactions.txId],
      })
      .returning()
      .prepare(),
  );
  const selectByKey = lazy(() =>
    db
      .select()
      .from(transactions)
      .where(
        and(
          eq(transactions.organizationId, organizationId),
          eq(transactions.chain, sql.placeholder('chain')),
          eq(transactions.txId, sql.placeholder('txId')),
        ),
      )
      .prepare(),
  );

  // better-sqlite3 turns this into a SAVEPOINT when a unit of work is already open.
  const writeBatch = connection.transaction(
    (owner: string, items: NormalizedTransaction[]): IngestResult => {
      const createdAt = Date.now();
      const created = new Map<string, Transaction>();
      const held = new Map<string, Transaction>();
      for (const item of items) {
        const key = transactionKey(item.chain, item.txId);
        const written = insertOne().get(toRow(owner, item, createdAt));
        if (written) {
          created.set(key, toTransaction(written));
          continue;
        }
        const existing = selectByKey().get({
          organizationId: owner,
          chain: item.chain,
          txId: item.txId,
        });
        if (existing) held.set(key, toTransaction(existing));
      }
      return ingestResult(items, created, held);
    },
  );

  return {
    ingest: (owner, items) =>
      settle(() => {
        const normalized = normalizeTransactions(items);
        if (normalized.length === 0) return { created: [], duplicates: [] };
        return writeBatch.immediate(owner, normalized);
      }),
    list: (owner, page) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const rows =
          page.cursor === undefined
            ? firstPage().all({ organizationId: owner, limit: limit + 1 })
            : pageAfter().all({
                organizationId: owner,
                limit: limit + 1,
                ...decodeCursor(page.cursor),
              });
        return transactionPage(rows.map(toTransaction), limit);
      }),
    byId: (owner, id) =>
      settle(() => {
        const row = selectById().get({ organizationId: owner, id });
        return row ? toTransaction(row) : null;
      }),
    volume: (owner, filter) =>
      settle(() => {
        const row =
          filter?.currency === undefined
            ? volumeAll().get({ organizationId: owner })
            : volumeOfCurrency().get({ organizationId: owner, currency: filter.currency });
        return row?.total == null ? '0' : canonicalDecimal(row.total);
      }),
  };
}

function toRow(
  organizationId: string,
  item: NormalizedTransaction,
  createdAt: number,
): TransactionRow {
  return {
    id: uuidv7(),
    organizationId,
    chain: item.chain,
    txId: item.txId,
    timestamp: item.timestampMs,
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
