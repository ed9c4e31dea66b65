/**
 * The planner's statistics: a store that holds transactions has them after it opens (and keeps
 * them when it closes), so filtered lists are planned from the data, not from guesses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../factory.js';
import { createTempSqliteFile, type TempSqliteFile } from '../testing/index.js';
import { openSqliteConnection, type SqliteConnection } from './connection.js';

function statisticsRows(connection: SqliteConnection): { stat1: number; stat4: number } {
  return connection
    .prepare(
      `select (select count(*) from sqlite_stat1) as stat1, (select count(*) from sqlite_stat4) as stat4`,
    )
    .get() as { stat1: number; stat4: number };
}

describe('SQLite planner statistics', () => {
  const files: TempSqliteFile[] = [];
  afterEach(() => {
    for (const file of files.splice(0)) file.cleanup();
  });

  it('analyzes tables without statistics when the store opens', async () => {
    const file = createTempSqliteFile();
    files.push(file);
    const store = await openStore(file.database);
    const organization = await store.organizations.create({ name: 'Stats' });
    await store.transactions.ingest(
      organization.id,
      Array.from({ length: 50 }, (_, index) => ({
        chain: 'xrpl',
        txId: `ST-${index}`,
        timestamp: new Date(Date.UTC(2025, 0, 1, 0, index)).toISOString(),
        fromAddress: `rFrom${index % 5}`,
        toAddress: 'rTo',
        amount: String(index + 1),
        currency: 'XRP',
        direction: 'out' as const,
        memo: null,
        fee: '0',
        tags: [],
      })),
    );
    await store.close();
    // Someone removed them (or an older version never made them): the next open makes them again.
    const raw = openSqliteConnection(file.path);
    raw.exec('delete from sqlite_stat1');
    raw.close();

    const reopened = await openStore(file.database);
    await reopened.close();
    const check = openSqliteConnection(file.path);
    try {
      const { count } = check
        .prepare(`select count(*) as count from sqlite_stat1 where tbl = 'transactions'`)
        .get() as { count: number };
      expect(count).toBeGreaterThan(0);
    } finally {
      check.close();
    }
  });

  it('keeps sqlite_stat1 only: stat4 samples, which make every bound statement re-plan, go', async () => {
    const file = createTempSqliteFile();
    files.push(file);
    const store = await openStore(file.database);
    const organization = await store.organizations.create({ name: 'Samples' });
    await store.close();
    const raw = openSqliteConnection(file.path);
    raw.exec('analyze');
    // This SQLite keeps samples (the build has STAT4), so the store has something to remove.
    expect(statisticsRows(raw).stat4).toBeGreaterThan(0);
    raw.close();

    const reopened = await openStore(file.database);
    expect((await reopened.organizations.byId(organization.id))?.name).toBe('Samples');
    const afterOpen = openSqliteConnection(file.path);
    try {
      const { stat1, stat4 } = statisticsRows(afterOpen);
      expect(stat4).toBe(0);
      expect(stat1).toBeGreaterThan(0);
    } finally {
      afterOpen.close();
      await reopened.close();
    }
  });
});
