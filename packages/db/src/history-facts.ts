import {
  addFixedPoint,
  canonicalDecimal,
  decimalSortKey,
  fromFixedPoint,
  toFixedPoint,
} from './decimal.js';
import type { CheckedProbe } from './history-probes.js';
import type { HistoryFactsRecord } from './ports.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One stored row of a sender group (same chain, sender and currency as the group's probes). */
export interface SenderHistoryRow {
  txId: string;
  toAddress: string;
  /** Canonical decimal. */
  amount: string;
  timestampMs: number;
}

/** The query window one sender group needs: every row with a timestamp ≤ `untilMs`. */
export interface SenderGroup {
  chain: string;
  fromAddress: string;
  currency: string;
  untilMs: number;
  /** Indexes into the probe list, in the caller's order. */
  probeIndexes: number[];
}

/** Probes grouped by (chain, fromAddress, currency): one history fetch per group. */
export function senderGroups(probes: readonly CheckedProbe[]): SenderGroup[] {
  const groups = new Map<string, SenderGroup>();
  probes.forEach((probe, index) => {
    const key = JSON.stringify([probe.chain, probe.fromAddress, probe.currency]);
    const group = groups.get(key);
    if (group) {
      group.probeIndexes.push(index);
      group.untilMs = Math.max(group.untilMs, probe.timestampMs);
    } else {
      groups.set(key, {
        chain: probe.chain,
        fromAddress: probe.fromAddress,
        currency: probe.currency,
        untilMs: probe.timestampMs,
        probeIndexes: [index],
      });
    }
  });
  return [...groups.values()];
}

interface KeyedRow extends SenderHistoryRow {
  key: string;
}

/**
 * The `HistoryFacts` of every probe of one sender group, from the group's rows (any order), in
 * one pass over time: probes ascending, prior rows inserted into an amount-sorted array, and a
 * 24 h window of (amount → recipient → count). O(rows · log rows + probes · log rows) compares
 * plus the array shifts.
 */
export function groupHistoryFacts(
  rows: readonly SenderHistoryRow[],
  probes: readonly CheckedProbe[],
): HistoryFactsRecord[] {
  const byTime: KeyedRow[] = rows
    .map((row) => ({ ...row, key: decimalSortKey(row.amount) }))
    .sort((a, b) => a.timestampMs - b.timestampMs);
  const order = probes
    .map((_, index) => index)
    .sort((a, b) => at(probes, a).timestampMs - at(probes, b).timestampMs);
  const byTxId = new Map(byTime.map((row) => [row.txId, row]));
  const sorted: KeyedRow[] = [];
  const window = new Map<string, Map<string, number>>();
  let priorEnd = 0;
  let windowStart = 0;
  let windowEnd = 0;
  const facts: HistoryFactsRecord[] = new Array<HistoryFactsRecord>(probes.length);
  for (const index of order) {
    const probe = at(probes, index);
    const t = probe.timestampMs;
    const probeKey = decimalSortKey(probe.amount);
    while (priorEnd < byTime.length && at(byTime, priorEnd).timestampMs < t) {
      const row = at(byTime, priorEnd);
      sorted.splice(upperBound(sorted, row.key), 0, row);
      priorEnd += 1;
    }
    while (windowEnd < byTime.length && at(byTime, windowEnd).timestampMs <= t) {
      const row = at(byTime, windowEnd);
      adjust(window, row, 1);
      windowEnd += 1;
    }
    while (windowStart < windowEnd && at(byTime, windowStart).timestampMs < t - DAY_MS) {
      adjust(window, at(byTime, windowStart), -1);
      windowStart += 1;
    }
    const excluded = byTxId.get(probe.txId);
    let skip = -1;
    if (excluded && excluded.timestampMs < t) {
      skip = lowerBound(sorted, excluded.key);
      while (at(sorted, skip) !== excluded) skip += 1;
    }
    const recipients = window.get(probeKey);
    let distinct = (recipients?.size ?? 0) + (recipients?.has(probe.toAddress) ? 0 : 1);
    if (
      excluded &&
      excluded.key === probeKey &&
      excluded.timestampMs >= t - DAY_MS &&
      excluded.timestampMs <= t &&
      excluded.toAddress !== probe.toAddress &&
      recipients?.get(excluded.toAddress) === 1
    ) {
      distinct -= 1;
    }
    facts[index] = {
      senderPriorCount: sorted.length - (skip >= 0 ? 1 : 0),
      senderPriorMedian: medianSkipping(sorted, skip),
      sameAmountDistinctRecipients24h: distinct,
    };
  }
  return facts;
}

/** Every probe's facts, given each group's rows (`rowsOfGroup[i]` for `groups[i]`). */
export function assembleHistoryFacts(
  probes: readonly CheckedProbe[],
  groups: readonly SenderGroup[],
  rowsOfGroup: readonly (readonly SenderHistoryRow[])[],
): HistoryFactsRecord[] {
  const facts = new Array<HistoryFactsRecord>(probes.length);
  groups.forEach((group, groupIndex) => {
    const groupProbes = group.probeIndexes.map((index) => at(probes, index));
    const groupFacts = groupHistoryFacts(at(rowsOfGroup, groupIndex), groupProbes);
    group.probeIndexes.forEach((index, position) => {
      facts[index] = at(groupFacts, position);
    });
  });
  return facts;
}

function at<T>(items: readonly T[], index: number): T {
  return items[index] as T;
}

function adjust(window: Map<string, Map<string, number>>, row: KeyedRow, delta: 1 | -1): void {
  let recipients = window.get(row.key);
  if (!recipients) {
    recipients = new Map();
    window.set(row.key, recipients);
  }
  const count = (recipients.get(row.toAddress) ?? 0) + delta;
  if (count === 0) recipients.delete(row.toAddress);
  else recipients.set(row.toAddress, count);
  if (recipients.size === 0) window.delete(row.key);
}

/** The first index whose key is ≥ `key`. */
function lowerBound(sorted: readonly KeyedRow[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (at(sorted, middle).key < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index whose key is > `key`. */
function upperBound(sorted: readonly KeyedRow[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (at(sorted, middle).key <= key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The exact median of `sorted` without the element at `skip` (−1: none); null when empty. */
function medianSkipping(sorted: readonly KeyedRow[], skip: number): string | null {
  const count = sorted.length - (skip >= 0 ? 1 : 0);
  if (count === 0) return null;
  const nth = (rank: number): string =>
    at(sorted, skip >= 0 && rank >= skip ? rank + 1 : rank).amount;
  const upper = Math.floor(count / 2);
  const high = nth(upper);
  if (count % 2 === 1) return canonicalDecimal(high);
  const sum = addFixedPoint(toFixedPoint(nth(upper - 1)), toFixedPoint(high));
  // Halving is exact in decimal: × 5, one more fraction digit.
  return fromFixedPoint({ units: sum.units * 5n, scale: sum.scale + 1 });
}
