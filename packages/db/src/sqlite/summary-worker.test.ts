/**
 * `analytics.summary` on SQLite runs in a worker thread with its own connection: the store's
 * connection goes on answering while a summary runs, and the summary sees what was committed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../errors.js';
import { openStore } from '../factory.js';
import type { Store } from '../ports.js';
import { createTempSqliteFile, type TempSqliteFile } from '../testing/index.js';
import { openSqliteConnection } from './connection.js';

const ROWS = 20_000;
const START_MS = Date.UTC(2025, 0, 1);
const RANGE = {
  from: new Date(START_MS).toISOString(),
  to: new Date(START_MS + ROWS * 60_000).toISOString(),
};

const files: TempSqliteFile[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const file of files.splice(0)) file.cleanup();
});

async function storeWithRows(): Promise<{ store: Store; organizationId: string }> {
  const file = createTempSqliteFile();
  files.push(file);
  const store = await openStore(file.database);
  stores.push(store);
  const { id: organizationId } = await store.organizations.create({ name: 'Summaries' });
  // Straight into the table (the triggers still keep the history buckets): the store's ingest
  // would take most of the test's time for this many rows.
  const raw = openSqliteConnection(file.path);
  raw
    .prepare(
      `with recursive n(i) as (select 0 union all select i + 1 from n where i < ${ROWS - 1})
       insert into transactions (id, organization_id, chain, tx_id, timestamp, from_address,
         to_address, amount, amount_key, currency, direction, memo, fee, tags, created_at,
         category, risk_score, risk_flags, risk_bucket, ruleset_version)
       select printf('00000000-0000-7000-8000-%012d', i), @organizationId, 'xrpl', 'TX' || i,
         @startMs + i * 60000, 'rFrom' || (i % 500), 'rTo' || (i % 37), (i % 90) + 1,
         decimal_sort_key(cast((i % 90) + 1 as text)), 'XRP', 'out', null, '0', '[]',
         @startMs, 'expense', 2000 + (i % 5000), '[]',
         case when 2000 + (i % 5000) >= 6600 then 'high' when 2000 + (i % 5000) >= 3300 then 'medium' else 'low' end,
         '2026-11-2'
       from n`,
    )
    .run({ organizationId, startMs: START_MS });
  raw.close();
  return { store, organizationId };
}

describe('SQLite summaries in their own thread', () => {
  it('answer other calls on the store while a summary runs, and count every committed row', async () => {
    const { store, organizationId } = await storeWithRows();
    const finished: string[] = [];
    const summary = store.analytics.summary(organizationId, RANGE).then((result) => {
      finished.push('summary');
      return result;
    });
    for (let i = 0; i < 20; i++) {
      await store.organizations.byId(organizationId);
      finished.push(`read ${i}`);
    }
    const result = await summary;
    // With the summary on the store's connection, all twenty reads would wait for it.
    expect(finished.indexOf('summary')).toBeGreaterThan(0);
    expect(result.count).toBe(ROWS);
    expect(result.buckets.low + result.buckets.medium + result.buckets.high).toBe(ROWS);
  });

  it('sees rows committed on the store just before it was asked', async () => {
    const { store, organizationId } = await storeWithRows();
    await store.transactions.ingest(organizationId, [
      {
        chain: 'xrpl',
        txId: 'LATE',
        timestamp: RANGE.from,
        fromAddress: 'rLate',
        toAddress: 'rTo1',
        amount: '0.1',
        currency: 'USD',
        direction: 'in',
        memo: null,
        fee: '0',
        tags: [],
      },
    ]);
    const result = await store.analytics.summary(organizationId, { ...RANGE, currency: 'USD' });
    expect(result.count).toBe(1);
    expect(result.volumes).toEqual([{ currency: 'USD', count: 1, volume: '0.1' }]);
  });

  it('fail as typed errors once the store is closed, and refuse bad ranges before the thread', async () => {
    const { store, organizationId } = await storeWithRows();
    await expect(
      store.analytics.summary(organizationId, { ...RANGE, topAddresses: 0 }),
    ).rejects.toThrow(/topAddresses/);
    const pending = store.analytics.summary(organizationId, RANGE).then(
      (result) => result.count,
      (error: unknown) => error,
    );
    await store.close();
    stores.splice(stores.indexOf(store), 1);
    const outcome = await pending;
    // Either it finished before the close, or it failed as a closed store's calls do.
    if (typeof outcome === 'number') expect(outcome).toBe(ROWS);
    else expect(outcome).toBeInstanceOf(DatabaseUnavailableError);
    await expect(store.analytics.summary(organizationId, RANGE)).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
  });
});
