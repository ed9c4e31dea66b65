import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openStore,
  type Alert,
  type NewTransaction,
  type Repositories,
  type Store,
  type Transaction,
} from '@klerno/db';
import { createTempSqliteFile, type TempSqliteFile } from '@klerno/db/testing';
import { alertsFor, reachesThreshold, type AlertRaising } from './alert-raising.js';
import { INGEST_CHUNK_SIZE, ingestTransactions } from './transactions.js';

describe('reachesThreshold', () => {
  it.each([
    [0.75, 0.75, true],
    [0.7499, 0.75, false],
    [0.7501, 0.75, true],
    // 0.1 + 0.2 in floating point is 0.30000000000000004: compared as basis points, it is 0.3.
    [0.1 + 0.2, 0.3, true],
    [0.3, 0.1 + 0.2, true],
    [0, 0, true],
    [1, 1, true],
    [0.9999, 1, false],
  ])('score %d against threshold %d: %s', (score, threshold, expected) => {
    expect(reachesThreshold(score, threshold)).toBe(expected);
  });
});

describe('alertsFor', () => {
  it('keeps the score, bucket and flags the transaction had, and the threshold in force', () => {
    const row = { id: 't1', riskScore: 0.8, riskBucket: 'high', riskFlags: ['outgoing'] };
    const low = { id: 't2', riskScore: 0.2, riskBucket: 'low', riskFlags: [] };
    const now = new Date('2025-01-01T00:00:00Z');
    expect(alertsFor([row, low] as unknown as Transaction[], 'u1', 0.75, now)).toEqual([
      {
        transactionId: 't1',
        ownerUserId: 'u1',
        threshold: 0.75,
        riskScore: 0.8,
        riskBucket: 'high',
        riskFlags: ['outgoing'],
        createdAt: '2025-01-01T00:00:00.000Z',
      },
    ]);
  });
});

/** An outgoing 20000 to a sanctioned-tagged party scores 0.8; an incoming 5 scores 0.05. */
function row(index: number, risky: boolean): NewTransaction {
  return {
    chain: 'xrpl',
    txId: `T${index}`,
    timestamp: '2025-01-01T00:00:00.000Z',
    fromAddress: 'rFrom',
    toAddress: 'rTo',
    amount: risky ? '20000' : '5',
    currency: 'XRP',
    direction: risky ? 'out' : 'in',
    memo: null,
    fee: '0',
    tags: risky ? ['sanctioned'] : [],
  };
}

/** Records what happened in which order: the unit of work's commit, and each announcement. */
function observed(store: Store, failOnIngestCall?: number) {
  const events: string[] = [];
  const published: Alert[][] = [];
  let ingestCalls = 0;
  const withFailure = (repos: Repositories): Repositories => ({
    ...repos,
    transactions: {
      ...repos.transactions,
      ingest: (organizationId, items) => {
        ingestCalls += 1;
        if (ingestCalls === failOnIngestCall) return Promise.reject(new Error('disk full'));
        return repos.transactions.ingest(organizationId, items);
      },
    },
  });
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'transaction') {
        return async <T>(work: (repos: Repositories) => Promise<T>) => {
          const result = await target.transaction((repos) => work(withFailure(repos)));
          events.push('committed');
          return result;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  const alerting: AlertRaising = {
    defaultRiskThreshold: 0.75,
    clock: () => new Date('2025-06-01T00:00:00.000Z'),
    feed: {
      publish: (_organizationId, alerts) => {
        events.push(`published ${alerts.length}`);
        published.push([...alerts]);
      },
    },
  };
  return { store: wrapped, alerting, events, published };
}

let file: TempSqliteFile;
let store: Store;
let organizationId: string;

beforeEach(async () => {
  file = createTempSqliteFile();
  store = await openStore(file.database);
  organizationId = (await store.organizations.create({ name: 'Alert raising' })).id;
});
afterEach(async () => {
  await store.close();
  file.cleanup();
});

describe('ingestTransactions with alerting', () => {
  it('writes the alerts with the rows and announces them after the commit', async () => {
    const { store: observedStore, alerting, events, published } = observed(store);
    const result = await ingestTransactions(
      observedStore,
      organizationId,
      [row(1, true), row(2, false), row(3, true)],
      null,
      alerting,
    );
    expect(events).toEqual(['committed', 'published 2']);
    const stored = await store.alerts.list(organizationId, {}, { limit: 10 });
    expect(stored.items.map((alert) => alert.transactionId).sort()).toEqual(
      [result.created[0]!.id, result.created[2]!.id].sort(),
    );
    expect(published[0]!.map((alert) => alert.id).sort()).toEqual(
      stored.items.map((alert) => alert.id).sort(),
    );
    expect(stored.items[0]).toMatchObject({
      ownerUserId: null,
      threshold: 0.75,
      createdAt: '2025-06-01T00:00:00.000Z',
    });
  });

  it('keeps no alert and announces nothing when a later chunk of the ingest fails', async () => {
    const { store: failing, alerting, events } = observed(store, 2);
    const items = Array.from({ length: INGEST_CHUNK_SIZE + 10 }, (_, i) => row(i, true));
    await expect(
      ingestTransactions(failing, organizationId, items, null, alerting),
    ).rejects.toThrow('disk full');
    expect(events).toEqual([]);
    expect((await store.alerts.list(organizationId, {}, { limit: 10 })).items).toEqual([]);
    expect((await store.transactions.list(organizationId, { limit: 10 })).items).toEqual([]);
  });

  it('raises nothing without alerting (callers that only store rows)', async () => {
    await ingestTransactions(store, organizationId, [row(1, true)]);
    expect((await store.alerts.list(organizationId, {}, { limit: 10 })).items).toEqual([]);
  });
});
