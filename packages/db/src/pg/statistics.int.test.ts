/**
 * PostgreSQL planner statistics: a store that writes many rows into a table autovacuum has not
 * analyzed yet gets ANALYZE from the store itself, and opening on such a table analyzes it.
 */
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../factory.js';
import type { ScoredTransaction } from '../ports.js';
import { createTempPostgresDatabase } from '../testing/index.js';

const ROWS = 12_000;

function transactions(from: number, count: number): ScoredTransaction[] {
  return Array.from({ length: count }, (_, offset) => ({
    chain: 'xrpl',
    txId: `PS-${from + offset}`,
    timestamp: new Date(Date.UTC(2025, 0, 1) + (from + offset) * 60_000).toISOString(),
    fromAddress: `rFrom${(from + offset) % 50}`,
    toAddress: 'rTo',
    amount: String(1 + ((from + offset) % 997)),
    currency: 'XRP',
    direction: 'out',
    memo: null,
    fee: '0',
    tags: [],
  }));
}

describe('PostgreSQL planner statistics', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('analyzes transactions once enough rows were written, and at open when never analyzed', async () => {
    const database = await createTempPostgresDatabase();
    cleanups.push(() => database.drop());
    const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
    cleanups.push(() => sql.end({ timeout: 5 }));
    const analyzed = async () => {
      const [row] = await sql<{ analyzed: boolean }[]>`
        select last_analyze is not null as analyzed from pg_stat_user_tables
        where relname = 'transactions'`;
      return row?.analyzed ?? false;
    };

    const store = await openStore(database.database);
    const organization = await store.organizations.create({ name: 'Stats' });
    for (let from = 0; from < ROWS; from += 1000) {
      await store.transactions.ingest(organization.id, transactions(from, 1000));
    }
    await store.close(); // waits for the ANALYZE the writes started
    // pg_stat counters reach the view asynchronously.
    await expect.poll(analyzed, { timeout: 5000 }).toBe(true);

    await sql`select pg_stat_reset_single_table_counters('transactions'::regclass)`;
    await sql`delete from pg_statistic where starelid = 'transactions'::regclass`;
    await expect.poll(analyzed, { timeout: 5000 }).toBe(false);
    const reopened = await openStore(database.database);
    await reopened.close();
    await expect.poll(analyzed, { timeout: 5000 }).toBe(true);
  });
});
