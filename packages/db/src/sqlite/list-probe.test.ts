/**
 * The bounded first try of filtered list pages (list-probe.ts) on more rows than it reads: pages
 * must be exactly those of the in-memory reference store, page after page, whether the probe
 * answers (a busy wallet, broad ranges) or the planner's query does (a rare wallet).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoredTransaction, Store, TransactionListRequest } from '../ports.js';
import { checkListRequest } from '../transaction-list.js';
import type { SqliteConnection } from './connection.js';
import { createListProbe, PROBE_ROWS } from './list-probe.js';
import { openTwinStores, type TwinStores } from './twin-stores.js';

const BASE = Date.parse('2025-03-01T00:00:00.000Z');
const MINUTE = 60_000;
const ROWS = PROBE_ROWS.at(-1)! * 2 + 500;

function rows(): ScoredTransaction[] {
  // mulberry32: a fixed seed, so a failure reproduces.
  let seed = 11;
  const random = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
  };
  return Array.from({ length: ROWS }, (_, index): ScoredTransaction => {
    const hot = random(10) < 4;
    const rare = index < 3;
    return {
      chain: 'xrpl',
      txId: `LP-${index}`,
      timestamp: new Date(BASE + index * MINUTE).toISOString(),
      fromAddress: rare ? 'rRare' : hot && random(2) === 0 ? 'rHot' : `rS${random(300)}`,
      toAddress: hot && !rare ? 'rHot' : `rR${random(300)}`,
      amount: `${random(5000)}.${random(100)}`,
      currency: 'XRP',
      direction: random(2) === 0 ? 'in' : 'out',
      memo: random(5) === 0 ? 'refund order' : null,
      fee: '0',
      tags: [],
      category: (['income', 'expense', 'fee'] as const)[random(3)]!,
      riskScore: random(10_001) / 10_000,
      riskFlags: [],
      riskBucket: (['low', 'medium', 'high'] as const)[random(3)]!,
      rulesetVersion: 'test',
    };
  });
}

describe('SQLite list probe', () => {
  let twins: TwinStores;
  let sqlite: Store;
  let memory: Store;
  let connection: SqliteConnection;
  let owner: { sqlite: string; memory: string };

  beforeAll(async () => {
    twins = await openTwinStores('Probe', rows());
    ({ sqlite, memory, connection, owner } = twins);
  });

  afterAll(() => twins?.close());

  /** The txIds of the first `pages` pages, following the cursors of each store. */
  async function pagesOf(
    store: Store,
    organizationId: string,
    request: TransactionListRequest,
    pages = 3,
  ) {
    const seen: string[][] = [];
    let cursor: string | undefined;
    for (let page = 0; page < pages; page++) {
      const answer = await store.transactions.list(organizationId, { ...request, cursor });
      seen.push(answer.items.map((item) => item.txId));
      if (answer.nextCursor === null) break;
      cursor = answer.nextCursor;
    }
    return seen;
  }

  const iso = (minutes: number) => new Date(BASE + minutes * MINUTE).toISOString();
  const shapes: Array<[string, TransactionListRequest, 'probe' | 'planner']> = [
    ['a busy wallet', { limit: 50, filter: { wallet: 'rHot' } }, 'probe'],
    ['a rare wallet', { limit: 50, filter: { wallet: 'rRare' } }, 'planner'],
    [
      'a time range sorted by amount',
      { limit: 40, sort: 'amount_desc', filter: { from: iso(ROWS - 3000), to: iso(ROWS - 500) } },
      'probe',
    ],
    [
      'an amount range sorted by time',
      { limit: 50, filter: { minAmount: '1000', maxAmount: '3000.5' } },
      'probe',
    ],
    [
      'a risk bucket sorted by risk',
      { limit: 30, sort: 'risk_desc', filter: { riskBucket: 'high', direction: 'out' } },
      'probe',
    ],
    [
      'a narrow time range sorted by risk',
      { limit: 50, sort: 'risk_desc', filter: { from: iso(10), to: iso(40) } },
      'planner',
    ],
    [
      'a busy wallet, oldest first, with memo text',
      { limit: 10, sort: 'timestamp_asc', filter: { wallet: 'rHot', memo: 'REFUND' } },
      'probe',
    ],
  ];

  it.each(shapes)(
    'answers %s exactly as the reference store',
    async (_name, request, answeredBy) => {
      const fromSqlite = await pagesOf(sqlite, owner.sqlite, request);
      expect(fromSqlite).toEqual(await pagesOf(memory, owner.memory, request));
      expect(fromSqlite[0]!.length).toBeGreaterThan(0);
      const probed = createListProbe(connection)(owner.sqlite, checkListRequest(request));
      expect(probed === null ? 'planner' : 'probe').toBe(answeredBy);
    },
  );

  it('leaves unfiltered lists and filters without an index to the planner', () => {
    const probe = createListProbe(connection);
    expect(probe(owner.sqlite, checkListRequest({ limit: 50 }))).toBeNull();
    expect(
      probe(owner.sqlite, checkListRequest({ limit: 50, filter: { category: 'fee' } })),
    ).toBeNull();
  });
});
