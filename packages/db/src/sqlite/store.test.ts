import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../factory.js';
import type { NewTransaction, Store } from '../ports.js';
import { createTempSqliteFile } from '../testing/index.js';
import { openSqliteConnection } from './connection.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openTempStore(): Promise<Store> {
  const file = createTempSqliteFile();
  const store = await openStore(file.database);
  cleanups.push(() => file.cleanup());
  cleanups.push(() => store.close());
  return store;
}

const transaction = (txId: string): NewTransaction => ({
  chain: 'xrpl',
  txId,
  timestamp: '2024-01-01T00:00:00.000Z',
  fromAddress: 'rA',
  toAddress: 'rB',
  amount: '1',
  currency: 'XRP',
  direction: 'in',
  memo: null,
  fee: '0',
  tags: [],
});

describe('SQLite connection', () => {
  it('turns on foreign keys and a busy timeout', () => {
    const file = createTempSqliteFile();
    cleanups.push(() => file.cleanup());
    const connection = openSqliteConnection(file.path);
    cleanups.push(() => {
      connection.close();
    });
    expect(connection.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(connection.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(connection.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('sums decimal text exactly in SQL with decimal_sum', () => {
    const connection = openSqliteConnection(':memory:');
    cleanups.push(() => {
      connection.close();
    });
    connection.exec(`create table t (k text, v text);
      insert into t values ('a', '0.1'), ('a', '0.2'), ('b', '99999999999999999999.999999999999999999'),
        ('b', '0.000000000000000001'), ('c', null);`);
    const sums = connection
      .prepare('select k, decimal_sum(v) as total from t group by k order by k')
      .all();
    expect(sums).toEqual([
      { k: 'a', total: '0.3' },
      { k: 'b', total: '100000000000000000000' },
      { k: 'c', total: null },
    ]);
    expect(
      connection.prepare("select decimal_sum(v) from t where k = 'none'").pluck().get(),
    ).toBeNull();
    expect(() => connection.prepare("select decimal_sum('1e5')").get()).toThrow(/plain decimal/);
  });
});

describe('SQLite unit of work', () => {
  it('runs units of work one after another, never interleaved', async () => {
    const store = await openTempStore();
    const organization = await store.organizations.create({ name: 'Serial' });
    const events: string[] = [];
    const unit = (name: string) =>
      store.transaction(async (repos) => {
        events.push(`${name}:begin`);
        await repos.transactions.ingest(organization.id, [transaction(`${name}-1`)]);
        await Promise.resolve();
        await repos.transactions.ingest(organization.id, [transaction(`${name}-2`)]);
        events.push(`${name}:end`);
      });
    await Promise.all([unit('a'), unit('b'), unit('c')]);
    expect(events).toEqual(['a:begin', 'a:end', 'b:begin', 'b:end', 'c:begin', 'c:end']);
  });

  it('refuses a call on the store from inside its own unit of work instead of deadlocking', async () => {
    const store = await openTempStore();
    await expect(
      store.transaction(() => store.organizations.create({ name: 'Deadlock' })),
    ).rejects.toThrow(/inside its own transaction/);
    await expect(
      store.transaction(() => store.transaction(() => Promise.resolve())),
    ).rejects.toThrow(/inside its own transaction/);
    // The lock was released: the store still works.
    expect((await store.organizations.create({ name: 'After' })).name).toBe('After');
  });

  it('answers ping while a unit of work is open', async () => {
    const store = await openTempStore();
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let signalOpen = (): void => undefined;
    const opened = new Promise<void>((resolve) => {
      signalOpen = resolve;
    });
    const unit = store.transaction(async () => {
      signalOpen();
      await released;
    });
    await opened;
    await expect(store.ping()).resolves.toBeUndefined();
    release();
    await unit;
  });
});
