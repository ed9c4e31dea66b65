import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Repositories, type Store } from '@klerno/db';
import { createTempSqliteFile, type TempSqliteFile } from '@klerno/db/testing';
import { importTransactionsCsv } from './transaction-imports.js';
import { INGEST_CHUNK_SIZE } from './transactions.js';

const HEADER = 'chain,txId,timestamp,fromAddress,toAddress,amount,currency,direction';

function csvOfRows(count: number): string {
  const lines = Array.from(
    { length: count },
    (_, i) => `xrpl,T${i},2024-05-01T12:00:00Z,rFrom,rTo,${i + 1},XRP,out`,
  );
  return `${HEADER}\n${lines.join('\n')}\n`;
}

/** The store, except that the n-th ingest call inside a unit of work fails. */
function failingOnIngestCall(store: Store, failingCall: number): Store {
  let calls = 0;
  const withFailingIngest = (repos: Repositories): Repositories => ({
    ...repos,
    transactions: {
      ...repos.transactions,
      ingest: (organizationId, items) => {
        calls += 1;
        if (calls === failingCall) return Promise.reject(new Error('disk full'));
        return repos.transactions.ingest(organizationId, items);
      },
    },
  });
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'transaction') {
        return <T>(work: (repos: Repositories) => Promise<T>) =>
          target.transaction((repos) => work(withFailingIngest(repos)));
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

let file: TempSqliteFile;
let store: Store;
let organizationId: string;

beforeEach(async () => {
  file = createTempSqliteFile();
  store = await openStore(file.database);
  organizationId = (await store.organizations.create({ name: 'Import test' })).id;
});
afterEach(async () => {
  await store.close();
  file.cleanup();
});

describe('importTransactionsCsv', () => {
  it('writes a file of several ingest chunks as one unit of work: a late failure keeps nothing', async () => {
    const rows = INGEST_CHUNK_SIZE * 2 + 500;
    const request = { csv: csvOfRows(rows), encoding: 'text', skipBadRows: false } as const;
    await expect(
      importTransactionsCsv(failingOnIngestCall(store, 3), organizationId, request),
    ).rejects.toThrow('disk full');
    expect((await store.transactions.list(organizationId, { limit: 10 })).items).toEqual([]);

    const result = await importTransactionsCsv(store, organizationId, request);
    expect(result.created).toBe(rows);
  });

  it('refuses more rows than the limit, naming the line', async () => {
    const request = { csv: csvOfRows(11), encoding: 'text', skipBadRows: false } as const;
    await expect(
      importTransactionsCsv(store, organizationId, request, { maxBytes: 1 << 20, maxRows: 10 }),
    ).rejects.toThrow('the file has more than 10 rows (line 12); split it into smaller files');
  });
});
