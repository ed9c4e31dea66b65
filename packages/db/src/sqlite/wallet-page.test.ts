import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewTransaction, Store, TransactionListRequest, TransactionSort } from '../ports.js';
import { checkListRequest, encodeListCursor } from '../transaction-list.js';
import type { SqliteConnection } from './connection.js';
import { fromListRow, LIST_COLUMNS } from './list-probe.js';
import { openTwinStores, type TwinStores } from './twin-stores.js';
import { createWalletPage, walletPageApplies } from './wallet-page.js';

const WALLET = 'rWallet';
const BASE_MS = Date.parse('2024-01-01T00:00:00Z');

/** Deterministic rows: the wallet on either side (and both), many timestamps shared by several rows. */
function rows(): NewTransaction[] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: 400 }, (_, index) => {
    const roll = next();
    const [fromAddress, toAddress] =
      roll < 0.3
        ? [WALLET, `rPayee${index % 7}`]
        : roll < 0.6
          ? [`rCustomer${index % 11}`, WALLET]
          : roll < 0.65
            ? [WALLET, WALLET]
            : [`rOther${index % 5}`, `rElse${index % 3}`];
    return {
      chain: 'xrpl',
      txId: `T${index}`,
      // 40 distinct instants for 400 rows: ties at almost every page boundary.
      timestamp: new Date(BASE_MS + Math.floor(next() * 40) * 60_000).toISOString(),
      fromAddress,
      toAddress,
      amount: String(index + 1),
      currency: index % 3 === 0 ? 'USD' : 'XRP',
      issuer: index % 3 === 0 ? 'rIssuer' : null,
      direction: fromAddress === WALLET ? 'out' : 'in',
      memo: null,
      fee: '0',
      tags: [],
    };
  });
}

let twins: TwinStores;
let sqlite: Store;
let memory: Store;
let connection: SqliteConnection;
let sqliteOwner: string;
let memoryOwner: string;

beforeAll(async () => {
  twins = await openTwinStores('Wallet page', rows());
  ({ sqlite, memory, connection } = twins);
  ({ sqlite: sqliteOwner, memory: memoryOwner } = twins.owner);
});
afterAll(() => twins?.close());

/** Every page's txIds, following the cursors to the end. */
async function walk(
  list: (request: TransactionListRequest) => Promise<{ txIds: string[]; next: string | null }>,
  request: TransactionListRequest,
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ ...request, ...(cursor === undefined ? {} : { cursor }) });
    pages.push(page.txIds);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined && pages.length < 500);
  return pages;
}

const viaStore = (store: Store, owner: string) => async (request: TransactionListRequest) => {
  const page = await store.transactions.list(owner, request);
  return { txIds: page.items.map((row) => row.txId), next: page.nextCursor };
};

const ranges = [
  {},
  { from: new Date(BASE_MS + 10 * 60_000).toISOString() },
  { to: new Date(BASE_MS + 25 * 60_000).toISOString() },
  {
    from: new Date(BASE_MS + 5 * 60_000).toISOString(),
    to: new Date(BASE_MS + 30 * 60_000).toISOString(),
  },
];
const sorts: TransactionSort[] = ['timestamp_desc', 'timestamp_asc'];

describe('SQLite wallet page', () => {
  it('takes only wallet-and-time requests in time order', () => {
    const check = (request: TransactionListRequest) => walletPageApplies(checkListRequest(request));
    expect(check({ limit: 5, filter: { wallet: WALLET } })).toBe(true);
    expect(
      check({ limit: 5, sort: 'timestamp_asc', filter: { wallet: WALLET, ...ranges[3] } }),
    ).toBe(true);
    expect(check({ limit: 5 })).toBe(false);
    expect(check({ limit: 5, sort: 'amount_desc', filter: { wallet: WALLET } })).toBe(false);
    expect(check({ limit: 5, filter: { wallet: WALLET, direction: 'in' } })).toBe(false);
    expect(check({ limit: 5, filter: { wallet: WALLET, memo: 'x' } })).toBe(false);
  });

  it('pages exactly like the reference store, ties and cursors included', async () => {
    const page = createWalletPage(connection, LIST_COLUMNS);
    for (const sort of sorts) {
      for (const range of ranges) {
        for (const limit of [1, 2, 3, 7, 50]) {
          const request: TransactionListRequest = {
            limit,
            sort,
            filter: { wallet: WALLET, ...range },
          };
          const expected = await walk(viaStore(memory, memoryOwner), request);
          // The wallet page alone, cursors made from its own pages (as the store makes them).
          const direct = await walk((paged) => {
            const found = page(sqliteOwner, checkListRequest(paged)).map(fromListRow);
            const items = found.slice(0, limit);
            const last = items.at(-1);
            const next =
              found.length > limit && last
                ? encodeListCursor(sort, { value: Date.parse(last.timestamp), id: last.id })
                : null;
            return Promise.resolve({ txIds: items.map((row) => row.txId), next });
          }, request);
          expect(direct, `${sort} ${JSON.stringify(range)} limit ${limit}`).toEqual(expected);
          expect(await walk(viaStore(sqlite, sqliteOwner), request)).toEqual(expected);
        }
      }
    }
  });
});
