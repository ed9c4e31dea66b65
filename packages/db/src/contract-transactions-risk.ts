/**
 * Part of the one store contract (see ./contract.ts): the issue-5 transaction model — scores,
 * re-scoring, list filters and sorts, and history facts checked against brute force.
 */
import { describe, expect, it } from 'vitest';
import { compareDecimals } from './decimal.js';
import { InvalidCursorError, InvalidInputError } from './errors.js';
import type { ContractContext } from './contract-identity.js';
import { historyFactsOf } from './memory/transactions.js';
import type {
  HistoryProbe,
  NewTransaction,
  ScoredTransaction,
  Transaction,
  TransactionListRequest,
  TransactionSort,
} from './ports.js';
import { uuidv7 } from './uuidv7.js';

const BASE = Date.parse('2024-06-01T00:00:00.000Z');
const HOUR = 3_600_000;

export function transactionRiskContract(context: ContractContext): void {
  const { store, unique, newOrganization } = context;
  const tx = (overrides: Partial<ScoredTransaction> = {}): ScoredTransaction => ({
    chain: 'xrpl',
    txId: `TX-${unique()}`,
    timestamp: new Date(BASE).toISOString(),
    fromAddress: 'rSender',
    toAddress: 'rReceiver',
    amount: '1',
    currency: 'XRP',
    direction: 'out',
    memo: null,
    fee: '0',
    tags: [],
    ...overrides,
  });
  const listAll = async (
    organizationId: string,
    request: Omit<TransactionListRequest, 'cursor' | 'limit'>,
    limit = 3,
  ): Promise<Transaction[]> => {
    const items: Transaction[] = [];
    let cursor: string | undefined;
    do {
      const page = await store().transactions.list(organizationId, { ...request, cursor, limit });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return items;
  };

  describe('transactions: scores', () => {
    it('stores the computed fields exactly and reads them back', async () => {
      const organization = await newOrganization();
      const input = tx({
        category: 'trade',
        riskScore: 0.6599,
        riskFlags: ['outgoing', 'suspicious_memo'],
        riskBucket: 'medium',
        rulesetVersion: 'v1',
      });
      const [row] = (await store().transactions.ingest(organization.id, [input])).created;
      expect(row).toMatchObject({
        category: 'trade',
        riskScore: 0.6599,
        riskFlags: ['outgoing', 'suspicious_memo'],
        riskBucket: 'medium',
        rulesetVersion: 'v1',
      });
      expect(await store().transactions.byId(organization.id, row?.id ?? '')).toEqual(row);
    });

    it('refuses a bad score with InvalidInputError and writes nothing', async () => {
      const organization = await newOrganization();
      await expect(
        store().transactions.ingest(organization.id, [tx(), tx({ riskScore: 1.5 })]),
      ).rejects.toBeInstanceOf(InvalidInputError);
      expect((await store().transactions.list(organization.id, { limit: 10 })).items).toEqual([]);
    });

    it('re-scores rows of the organization only, and counts them', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const [mine] = (await store().transactions.ingest(organization.id, [tx()])).created;
      const [theirs] = (await store().transactions.ingest(other.id, [tx()])).created;
      const scores = {
        category: 'fee' as const,
        riskScore: 0.9,
        riskFlags: ['fee_present'],
        riskBucket: 'high' as const,
        rulesetVersion: 'v2',
      };
      const changed = await store().transactions.updateScores(organization.id, [
        { id: mine?.id ?? '', ...scores },
        { id: theirs?.id ?? '', ...scores },
        { id: uuidv7(), ...scores },
        { id: 'not-an-id', ...scores },
      ]);
      expect(changed).toBe(1);
      expect(await store().transactions.byId(organization.id, mine?.id ?? '')).toEqual({
        ...mine,
        ...scores,
      });
      expect(await store().transactions.byId(other.id, theirs?.id ?? '')).toEqual(theirs);
      await expect(
        store().transactions.updateScores(organization.id, [
          { id: mine?.id ?? '', ...scores, riskBucket: 'severe' as unknown as 'high' },
        ]),
      ).rejects.toBeInstanceOf(InvalidInputError);
    });
  });

  describe('transactions.list: filters and sorts', () => {
    const seed = async (): Promise<{ organizationId: string; rows: Transaction[] }> => {
      const organization = await newOrganization();
      const inputs: NewTransaction[] = [];
      const amounts = ['5', '10', '0.5', '100.25', '10.0', '99999999999999999999.1', '-3', '7'];
      amounts.forEach((amount, index) => {
        inputs.push(
          tx({
            amount,
            timestamp: new Date(BASE + (index % 3) * HOUR).toISOString(),
            fromAddress: index % 2 === 0 ? 'rAlice' : 'rBob',
            toAddress: index % 3 === 0 ? 'rAlice' : 'rCarol',
            direction: index % 2 === 0 ? 'out' : 'in',
            memo: ['Invoice 100%', 'refund_x', null, 'INVOICE 7', 'salary'][index % 5] ?? null,
            category: index % 2 === 0 ? 'expense' : 'income',
            riskScore: [0.1, 0.5, 0.7, 0.5][index % 4] ?? 0,
            riskBucket: (['low', 'medium', 'high', 'medium'] as const)[index % 4] ?? 'low',
          }),
        );
      });
      const { created } = await store().transactions.ingest(organization.id, inputs);
      return { organizationId: organization.id, rows: created };
    };
    const byId = (a: Transaction, b: Transaction): number => (a.id < b.id ? -1 : 1);
    const expected = (rows: Transaction[], sort: TransactionSort): Transaction[] => {
      const ascending = (a: Transaction, b: Transaction): number => {
        switch (sort) {
          case 'timestamp_desc':
          case 'timestamp_asc':
            return Date.parse(a.timestamp) - Date.parse(b.timestamp) || byId(a, b);
          case 'amount_desc':
          case 'amount_asc':
            return compareDecimals(a.amount, b.amount) || byId(a, b);
          case 'risk_desc':
            return a.riskScore - b.riskScore || byId(a, b);
        }
      };
      const sorted = [...rows].sort(ascending);
      return sort.endsWith('_desc') ? sorted.reverse() : sorted;
    };

    it('pages through every sort in order, ties broken by id', async () => {
      const { organizationId, rows } = await seed();
      for (const sort of [
        'timestamp_desc',
        'timestamp_asc',
        'amount_desc',
        'amount_asc',
        'risk_desc',
      ] as const) {
        expect(await listAll(organizationId, { sort })).toEqual(expected(rows, sort));
      }
    });

    it('compares amounts exactly by value (10 equals 10.0; 20-digit amounts)', async () => {
      const { organizationId, rows } = await seed();
      const between = await listAll(organizationId, {
        sort: 'amount_asc',
        filter: { minAmount: '7', maxAmount: '100.250' },
      });
      expect(between.map((row) => row.amount)).toEqual(['7', '10', '10', '100.25']);
      const huge = await listAll(organizationId, {
        filter: { minAmount: '99999999999999999999.05' },
      });
      expect(huge.map((row) => row.amount)).toEqual(['99999999999999999999.1']);
      const negative = await listAll(organizationId, { filter: { maxAmount: '-2.9999' } });
      expect(negative.map((row) => row.amount)).toEqual(['-3']);
      expect(rows).toHaveLength(8);
    });

    it('filters by wallet on either side, direction, category, bucket and time', async () => {
      const { organizationId, rows } = await seed();
      const cases: [TransactionListRequest['filter'], (row: Transaction) => boolean][] = [
        [{ wallet: 'rAlice' }, (r) => r.fromAddress === 'rAlice' || r.toAddress === 'rAlice'],
        [{ direction: 'in' }, (r) => r.direction === 'in'],
        [
          { category: 'expense', riskBucket: 'high' },
          (r) => r.category === 'expense' && r.riskBucket === 'high',
        ],
        [
          {
            from: new Date(BASE + HOUR).toISOString(),
            to: new Date(BASE + 2 * HOUR).toISOString(),
          },
          (r) => Date.parse(r.timestamp) >= BASE + HOUR,
        ],
        [
          { wallet: 'rCarol', direction: 'out', to: new Date(BASE + HOUR).toISOString() },
          (r) =>
            (r.fromAddress === 'rCarol' || r.toAddress === 'rCarol') &&
            r.direction === 'out' &&
            Date.parse(r.timestamp) <= BASE + HOUR,
        ],
      ];
      for (const [filter, keep] of cases) {
        const found = await listAll(organizationId, { filter });
        expect(found).toEqual(expected(rows.filter(keep), 'timestamp_desc'));
      }
    });

    it('matches memo text case-insensitively, with % and _ taken literally', async () => {
      const { organizationId } = await seed();
      const memos = async (memo: string): Promise<(string | null)[]> =>
        (await listAll(organizationId, { filter: { memo } })).map((row) => row.memo).sort();
      expect(await memos('invoice')).toEqual(['INVOICE 7', 'Invoice 100%', 'Invoice 100%']);
      expect(await memos('100%')).toEqual(['Invoice 100%', 'Invoice 100%']);
      expect(await memos('0%')).toEqual(['Invoice 100%', 'Invoice 100%']);
      expect(await memos('e_x')).toEqual([]);
      expect(await memos('d_x')).toEqual(['refund_x', 'refund_x']);
      expect(await memos('%')).toEqual(['Invoice 100%', 'Invoice 100%']);
    });

    it('stays stable while rows arrive between pages of an amount sort', async () => {
      const { organizationId, rows } = await seed();
      const first = await store().transactions.list(organizationId, {
        sort: 'amount_desc',
        limit: 4,
      });
      await store().transactions.ingest(organizationId, [
        tx({ amount: '1000000' }),
        tx({ amount: '6' }),
      ]);
      const rest = await store().transactions.list(organizationId, {
        sort: 'amount_desc',
        limit: 100,
        cursor: first.nextCursor ?? undefined,
      });
      // 1000000 sorts before the cursor (not seen); 6 after it (seen in its place).
      expect([...first.items, ...rest.items].map((row) => row.amount)).toEqual([
        '99999999999999999999.1',
        '100.25',
        '10',
        '10',
        '7',
        '6',
        '5',
        '0.5',
        '-3',
      ]);
      expect(first.items).toEqual(expected(rows, 'amount_desc').slice(0, 4));
    });

    it('refuses a cursor of another sort, and bad filters, with typed errors', async () => {
      const { organizationId } = await seed();
      const page = await store().transactions.list(organizationId, { limit: 1 });
      const amountPage = await store().transactions.list(organizationId, {
        limit: 1,
        sort: 'amount_asc',
      });
      await expect(
        store().transactions.list(organizationId, {
          limit: 1,
          sort: 'amount_asc',
          cursor: page.nextCursor ?? '',
        }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
      for (const sort of ['timestamp_desc', 'amount_desc', 'risk_desc'] as const) {
        await expect(
          store().transactions.list(organizationId, {
            limit: 1,
            sort,
            cursor: amountPage.nextCursor ?? '',
          }),
        ).rejects.toBeInstanceOf(InvalidCursorError);
      }
      for (const filter of [
        { minAmount: '1e5' },
        { from: 'yesterday' },
        { direction: 'sideways' as 'in' },
        { riskBucket: 'severe' as 'low' },
      ]) {
        await expect(
          store().transactions.list(organizationId, { limit: 1, filter }),
        ).rejects.toBeInstanceOf(InvalidInputError);
      }
      await expect(
        store().transactions.list(organizationId, {
          limit: 1,
          sort: 'newest' as TransactionSort,
        }),
      ).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('never lists another organization’s rows under any filter', async () => {
      const { organizationId } = await seed();
      const other = await newOrganization();
      expect(await listAll(other.id, { filter: { wallet: 'rAlice' } })).toEqual([]);
      expect(await listAll(other.id, { sort: 'risk_desc' })).toEqual([]);
      expect((await listAll(organizationId, {})).length).toBe(8);
    });
  });

  describe('transactions.historyFacts', () => {
    it('follows the definitions: prior count, exact median, distinct recipients in 24 h', async () => {
      const organization = await newOrganization();
      const rows = [
        tx({ amount: '1', timestamp: iso(0), toAddress: 'rX' }),
        tx({ amount: '2', timestamp: iso(1), toAddress: 'rY' }),
        tx({ amount: '4.5', timestamp: iso(2), toAddress: 'rZ' }),
        tx({ amount: '2.00', timestamp: iso(3), toAddress: 'rX' }),
        tx({ amount: '2', timestamp: iso(4), currency: 'USD', toAddress: 'rW' }),
        tx({ amount: '2', timestamp: iso(4), chain: 'eth', toAddress: 'rV' }),
        tx({ amount: '2', timestamp: iso(5), fromAddress: 'rOther', toAddress: 'rU' }),
      ];
      await store().transactions.ingest(organization.id, rows);
      const probe = (overrides: Partial<HistoryProbe>): HistoryProbe => ({
        chain: 'xrpl',
        txId: `P-${unique()}`,
        fromAddress: 'rSender',
        toAddress: 'rNew',
        amount: '2',
        currency: 'XRP',
        timestamp: iso(3),
        ...overrides,
      });
      const facts = await store().transactions.historyFacts(organization.id, [
        probe({}),
        probe({ timestamp: iso(10) }),
        probe({ timestamp: iso(0) }),
        probe({ timestamp: iso(3 + 24), toAddress: 'rX' }),
        probe({ txId: rows[3]?.txId ?? '', timestamp: iso(3), toAddress: 'rX' }),
        probe({ fromAddress: 'rNobody', timestamp: iso(99) }),
      ]);
      expect(facts).toEqual([
        // Earlier: 1, 2, 4.5 → median 2; 2 went to rY and rX (at 3 h, the end included) + rNew.
        { senderPriorCount: 3, senderPriorMedian: '2', sameAmountDistinctRecipients24h: 3 },
        // All four: 1, 2, 2, 4.5 → (2 + 2) / 2.
        { senderPriorCount: 4, senderPriorMedian: '2', sameAmountDistinctRecipients24h: 3 },
        { senderPriorCount: 0, senderPriorMedian: null, sameAmountDistinctRecipients24h: 1 },
        // 27 h: only the 2.00 at 3 h (exactly 24 h back) is in the window, to rX itself.
        { senderPriorCount: 4, senderPriorMedian: '2', sameAmountDistinctRecipients24h: 1 },
        // The stored row itself is left out.
        { senderPriorCount: 3, senderPriorMedian: '2', sameAmountDistinctRecipients24h: 2 },
        { senderPriorCount: 0, senderPriorMedian: null, sameAmountDistinctRecipients24h: 1 },
      ]);
      const other = await newOrganization();
      expect(
        await store().transactions.historyFacts(other.id, [probe({ timestamp: iso(10) })]),
      ).toEqual([
        { senderPriorCount: 0, senderPriorMedian: null, sameAmountDistinctRecipients24h: 1 },
      ]);
    });

    it('gives the mean of the two middle amounts exactly for an even count', async () => {
      const organization = await newOrganization();
      await store().transactions.ingest(organization.id, [
        tx({ amount: '0.000000000000000001', timestamp: iso(0) }),
        tx({ amount: '0.000000000000000002', timestamp: iso(1) }),
        tx({ amount: '99999999999999999999.999999999999999999', timestamp: iso(2) }),
        tx({ amount: '-5', timestamp: iso(3) }),
      ]);
      const [facts] = await store().transactions.historyFacts(organization.id, [
        {
          chain: 'xrpl',
          txId: 'probe',
          fromAddress: 'rSender',
          toAddress: 'rReceiver',
          amount: '1',
          currency: 'XRP',
          timestamp: iso(4),
        },
      ]);
      expect(facts?.senderPriorMedian).toBe('0.0000000000000000015');
    });

    it('matches a brute-force computation on random data', async () => {
      const organization = await newOrganization();
      // mulberry32: a fixed seed, so a failure reproduces.
      let seed = 42;
      const random = (n: number): number => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
      };
      const senders = ['rA', 'rB', 'rC'];
      const recipients = ['r1', 'r2', 'r3', 'r4'];
      const amounts = ['1', '2', '2.5', '10', '0.3', '1000'];
      const rows = Array.from({ length: 150 }, () =>
        tx({
          fromAddress: senders[random(3)] ?? 'rA',
          toAddress: recipients[random(4)] ?? 'r1',
          amount: amounts[random(6)] ?? '1',
          currency: random(5) === 0 ? 'USD' : 'XRP',
          timestamp: new Date(BASE + random(30) * HOUR + random(2) * 1000).toISOString(),
        }),
      );
      await store().transactions.ingest(organization.id, rows);
      const stored = await listAll(organization.id, {}, 1000);
      const probes: HistoryProbe[] = [
        ...rows.slice(0, 60),
        ...Array.from({ length: 60 }, () =>
          tx({
            fromAddress: senders[random(3)] ?? 'rA',
            toAddress: recipients[random(4)] ?? 'r1',
            amount: amounts[random(6)] ?? '1',
            timestamp: new Date(BASE + random(32) * HOUR).toISOString(),
          }),
        ),
      ];
      const facts = await store().transactions.historyFacts(organization.id, probes);
      expect(facts).toEqual(probes.map((probe) => historyFactsOf(stored, probe)));
      expect(facts.some((fact) => fact.sameAmountDistinctRecipients24h >= 3)).toBe(true);
      expect(
        facts.some((fact) => fact.senderPriorCount % 2 === 0 && fact.senderPriorCount > 0),
      ).toBe(true);
    });

    it('handles one sender with 5000 prior rows and a batch of 1000 probes', async () => {
      const organization = await newOrganization();
      const MINUTE = 60_000;
      const amounts = ['1', '2', '2.50', '10', '0.3'];
      const recipients = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
      const rows = Array.from({ length: 5000 }, (_, index) =>
        tx({
          amount: amounts[(index * 7) % 5] ?? '1',
          toAddress: recipients[(index * 3) % 7] ?? 'r1',
          timestamp: new Date(BASE + index * MINUTE).toISOString(),
        }),
      );
      for (let start = 0; start < rows.length; start += 1000) {
        await store().transactions.ingest(organization.id, rows.slice(start, start + 1000));
      }
      const probes: HistoryProbe[] = Array.from({ length: 1000 }, (_, index) =>
        index % 10 === 0
          ? (rows[index * 5] ?? tx())
          : tx({
              amount: amounts[index % 5] ?? '1',
              toAddress: recipients[index % 7] ?? 'r1',
              timestamp: new Date(BASE + index * 5 * MINUTE + 30_000).toISOString(),
            }),
      );
      const facts = await store().transactions.historyFacts(organization.id, probes);
      expect(facts).toHaveLength(1000);
      const stored = await listAll(organization.id, {}, 1000);
      expect(stored).toHaveLength(5000);
      for (const index of [0, 1, 10, 333, 500, 777, 990, 999]) {
        const probe = probes[index] as HistoryProbe;
        expect(facts[index]).toEqual(historyFactsOf(stored, probe));
      }
      expect(facts[999]?.senderPriorCount).toBe(4996);
    });

    it('refuses a bad probe with InvalidInputError', async () => {
      const organization = await newOrganization();
      await expect(
        store().transactions.historyFacts(organization.id, [
          {
            chain: 'xrpl',
            txId: 't',
            fromAddress: 'a',
            toAddress: 'b',
            amount: 'NaN',
            currency: 'XRP',
            timestamp: iso(0),
          },
        ]),
      ).rejects.toBeInstanceOf(InvalidInputError);
      expect(await store().transactions.historyFacts(organization.id, [])).toEqual([]);
    });
  });
}

function iso(hours: number): string {
  return new Date(BASE + hours * HOUR).toISOString();
}
