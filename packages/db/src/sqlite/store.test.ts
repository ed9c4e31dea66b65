import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../factory.js';
import { NotFoundError } from '../errors.js';
import type { NewAlert, NewTransaction, Store } from '../ports.js';
import { createTempSqliteFile } from '../testing/index.js';
import { uuidv7 } from '../uuidv7.js';
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

const alertFor = (transactionId: string): NewAlert => ({
  transactionId,
  ownerUserId: null,
  threshold: 0.5,
  riskScore: 0.9,
  riskBucket: 'high',
  riskFlags: [],
  createdAt: '2024-01-01T00:00:00.000Z',
});

async function openFixture(): Promise<{ store: Store; organizationId: string }> {
  const store = await openTempStore();
  const organization = await store.organizations.create({ name: 'Atomic writes' });
  return { store, organizationId: organization.id };
}

describe('SQLite multi-row writes inside a unit of work (no savepoint)', () => {
  it('refuses to commit a unit whose write failed part-way, even when work caught the error', async () => {
    const { store, organizationId } = await openFixture();
    const unit = store.transaction(async (repos) => {
      const { created } = await repos.transactions.ingest(organizationId, [transaction('kept?')]);
      // The first alert is written, then the made-up transaction id fails the batch.
      await repos.alerts
        .createMany(organizationId, [alertFor(created[0]!.id), alertFor(uuidv7())])
        .catch(() => undefined);
      return 'work went on';
    });
    await expect(unit).rejects.toBeInstanceOf(NotFoundError);
    const page = await store.transactions.list(organizationId, { limit: 10 });
    expect(page.items).toEqual([]);
    expect((await store.alerts.list(organizationId, {}, { limit: 10 })).items).toEqual([]);
  });

  it('commits a unit whose write failed before changing anything, when work handled it', async () => {
    const { store, organizationId } = await openFixture();
    const outcome = await store.transaction(async (repos) => {
      await repos.transactions.ingest(organizationId, [transaction('kept')]);
      const refused = await repos.alerts.createMany(organizationId, [alertFor(uuidv7())]).then(
        () => 'written',
        (error: unknown) => (error as Error).constructor.name,
      );
      return refused;
    });
    expect(outcome).toBe('NotFoundError');
    const page = await store.transactions.list(organizationId, { limit: 10 });
    expect(page.items.map((item) => item.txId)).toEqual(['kept']);
  });

  it('keeps a failed write on its own all-or-nothing outside a unit of work', async () => {
    const { store, organizationId } = await openFixture();
    const { created } = await store.transactions.ingest(organizationId, [transaction('a')]);
    await expect(
      store.alerts.createMany(organizationId, [alertFor(created[0]!.id), alertFor(uuidv7())]),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.alerts.list(organizationId, {}, { limit: 10 })).items).toEqual([]);
  });

  it('starts every unit with a clean slate after one was refused', async () => {
    const { store, organizationId } = await openFixture();
    const { created } = await store.transactions.ingest(organizationId, [transaction('a')]);
    await expect(
      store.transaction(async (repos) => {
        await repos.alerts
          .createMany(organizationId, [alertFor(created[0]!.id), alertFor(uuidv7())])
          .catch(() => undefined);
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const alerts = await store.transaction((repos) =>
      repos.alerts.createMany(organizationId, [alertFor(created[0]!.id)]),
    );
    expect(alerts).toHaveLength(1);
  });
});
