/**
 * Part of the one store contract (see ./contract.ts): history facts of senders with long
 * histories (more than SMALL_GROUP_ROWS rows, which SQLite and PostgreSQL answer from their amount
 * buckets), checked against brute force: probes before, inside and after the history, probes of
 * stored rows, negative and zero amounts, amounts equal in value but not in spelling, buckets of
 * one repeated amount, and back-fills that leave many rows after the probe.
 */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-identity.js';
import { MAX_LATER_ROWS, SMALL_GROUP_ROWS } from './history-buckets.js';
import { historyFactsOf } from './memory/transactions.js';
import type { HistoryProbe, ScoredTransaction, Transaction } from './ports.js';

const BASE = Date.parse('2025-01-01T00:00:00.000Z');
const MINUTE = 60_000;

/** mulberry32: a fixed seed, so a failure reproduces. */
function randomFrom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
  };
}

export function historyBucketsContract({ store, unique, newOrganization }: ContractContext): void {
  const tx = (overrides: Partial<ScoredTransaction>): ScoredTransaction => ({
    chain: 'xrpl',
    txId: `HB-${unique()}`,
    timestamp: new Date(BASE).toISOString(),
    fromAddress: 'rLong',
    toAddress: 'r1',
    amount: '1',
    currency: 'XRP',
    direction: 'out',
    memo: null,
    fee: '0',
    tags: [],
    ...overrides,
  });

  async function storeAll(
    organizationId: string,
    rows: ScoredTransaction[],
  ): Promise<Transaction[]> {
    for (let start = 0; start < rows.length; start += 1000) {
      await store().transactions.ingest(organizationId, rows.slice(start, start + 1000));
    }
    const stored: Transaction[] = [];
    let cursor: string | undefined;
    do {
      const page = await store().transactions.list(organizationId, { cursor, limit: 200 });
      stored.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return stored;
  }

  describe('transactions.historyFacts: long histories', () => {
    it('matches brute force for senders well past the small-group size', async () => {
      const organization = await newOrganization();
      const random = randomFrom(7);
      // Many distinct amounts over several magnitudes (many buckets), a few repeated ones, a
      // zero, negatives, and spellings that differ from the canonical form.
      const amount = (): string => {
        const roll = random(20);
        if (roll === 0) return '100';
        if (roll === 1) return '100.00';
        if (roll === 2) return '0';
        if (roll === 3) return `-${1 + random(50)}.5`;
        const digits = String(1 + random(999_999));
        const point = random(digits.length + 4);
        return point >= digits.length
          ? digits
          : `${digits.slice(0, point) || '0'}.${digits.slice(point)}`;
      };
      const rows = Array.from({ length: 900 }, (_, index) =>
        tx({
          fromAddress: index % 3 === 0 ? 'rOther' : 'rLong',
          toAddress: `r${random(6)}`,
          amount: amount(),
          currency: index % 7 === 0 ? 'USD' : 'XRP',
          timestamp: new Date(BASE + index * 10 * MINUTE + random(2) * 1000).toISOString(),
        }),
      );
      const stored = await storeAll(organization.id, rows);
      const end = BASE + rows.length * 10 * MINUTE;
      const probes: HistoryProbe[] = [
        // Stored rows themselves (their own row left out), early, middle and late.
        ...[5, 200, 400, 601, rows.length - 1].map((index) => rows[index]!),
        // New payments after everything, with amounts that exist and that do not.
        ...Array.from({ length: 20 }, (_, index) =>
          tx({
            txId: `P-${unique()}`,
            toAddress: `r${index % 7}`,
            amount: index % 2 === 0 ? rows[index * 3]!.amount : amount(),
            currency: index % 5 === 0 ? 'USD' : 'XRP',
            timestamp: new Date(end + index * MINUTE).toISOString(),
          }),
        ),
        // Probes inside the history: some rows come after them.
        ...Array.from({ length: 20 }, (_, index) =>
          tx({
            txId: `Q-${unique()}`,
            amount: rows[(index * 29) % rows.length]!.amount,
            timestamp: new Date(end - (1 + index * 7) * 10 * MINUTE).toISOString(),
          }),
        ),
        // The same instant as a stored row (ties with `timestamp < t` and the 24 h window's end).
        tx({ txId: `R-${unique()}`, timestamp: rows[500]!.timestamp, amount: rows[500]!.amount }),
      ];
      const facts = await store().transactions.historyFacts(organization.id, probes);
      expect(facts).toEqual(probes.map((probe) => historyFactsOf(stored, probe)));
      expect(facts.some((fact) => fact.senderPriorCount > SMALL_GROUP_ROWS)).toBe(true);
      expect(facts.some((fact) => fact.senderPriorCount % 2 === 0)).toBe(true);
      expect(facts.some((fact) => fact.senderPriorCount % 2 === 1)).toBe(true);
    });

    it('matches brute force for one repeated amount and for a back-fill far into the past', async () => {
      const organization = await newOrganization();
      const rows = Array.from({ length: MAX_LATER_ROWS + SMALL_GROUP_ROWS }, (_, index) =>
        tx({
          // Mostly one amount (a bucket whose min equals its max), spelled two ways.
          amount: index % 10 === 0 ? `${index}.25` : index % 2 === 0 ? '250' : '250.000',
          toAddress: `r${index % 4}`,
          timestamp: new Date(BASE + index * MINUTE).toISOString(),
        }),
      );
      const stored = await storeAll(organization.id, rows);
      const probes: HistoryProbe[] = [
        tx({
          txId: `P-${unique()}`,
          amount: '250',
          timestamp: new Date(BASE + 9_999 * MINUTE).toISOString(),
        }),
        // More than MAX_LATER_ROWS rows come after these.
        tx({
          txId: `B-${unique()}`,
          amount: '250',
          timestamp: new Date(BASE + 30 * MINUTE).toISOString(),
        }),
        tx({
          txId: `C-${unique()}`,
          amount: '7',
          timestamp: new Date(BASE - MINUTE).toISOString(),
        }),
        rows[SMALL_GROUP_ROWS + 1]!,
        rows.at(-1)!,
      ];
      const facts = await store().transactions.historyFacts(organization.id, probes);
      expect(facts).toEqual(probes.map((probe) => historyFactsOf(stored, probe)));
      expect(facts[0]?.senderPriorMedian).toBe('250');
    });
  });
}
