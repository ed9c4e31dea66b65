import { compareDecimals, medianDecimal, sumDecimals } from '../decimal.js';
import { ingestResult } from '../ingest-result.js';
import {
  normalizeScores,
  normalizeTransactions,
  parseTimestamp,
  toIsoTimestamp,
  transactionKey,
} from '../normalize.js';
import type {
  HistoryFactsRecord,
  HistoryProbe,
  Transaction,
  TransactionRepository,
} from '../ports.js';
import { settle } from '../settle.js';
import {
  checkListRequest,
  compareSortValues,
  sortValueOf,
  sortedPage,
  type CheckedFilter,
} from '../transaction-list.js';
import { assembleHistoryFacts, senderGroups } from '../history-facts.js';
import { checkHistoryProbes } from '../history-probes.js';
import { uuidv7 } from '../uuidv7.js';
import { copy, type MemoryState } from './state.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The reference implementation: plain scans over the rows, no cleverness. */
export function createMemoryTransactions(
  current: () => MemoryState,
  requireOrganization: (id: string) => void,
): TransactionRepository {
  const ofOrganization = (organizationId: string): Transaction[] =>
    [...current().transactions.values()].filter((row) => row.organizationId === organizationId);

  return {
    ingest: (organizationId, items) =>
      settle(() => {
        const normalized = normalizeTransactions(items);
        if (normalized.length === 0) return { created: [], duplicates: [] };
        requireOrganization(organizationId);
        const state = current();
        const createdAt = new Date().toISOString();
        const created = new Map<string, Transaction>();
        const held = new Map<string, Transaction>();
        for (const item of normalized) {
          const key = transactionKey(item.chain, item.txId);
          const existingId = state.transactionKeys.get(`${organizationId}\u0000${key}`);
          const existing =
            existingId === undefined ? undefined : state.transactions.get(existingId);
          if (existing) {
            held.set(key, copy(existing));
            continue;
          }
          const { timestampMs, riskScoreBp: _stored, ...fields } = item;
          const row: Transaction = {
            id: uuidv7(),
            organizationId,
            ...fields,
            timestamp: toIsoTimestamp(timestampMs),
            createdAt,
          };
          state.transactions.set(row.id, row);
          state.transactionKeys.set(`${organizationId}\u0000${key}`, row.id);
          created.set(key, copy(row));
        }
        return ingestResult(normalized, created, held);
      }),
    list: (organizationId, request) =>
      settle(() => {
        const { limit, sort, descending, filter, after } = checkListRequest(request);
        const order = (a: Transaction, b: Transaction): number => {
          const ascending =
            compareSortValues(sort, sortValueOf(a, sort), sortValueOf(b, sort)) ||
            (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
          return descending ? -ascending : ascending;
        };
        const rows = ofOrganization(organizationId)
          .filter((row) => matches(row, filter))
          .filter((row) => {
            if (!after) return true;
            const ascending =
              compareSortValues(sort, sortValueOf(row, sort), after.value) ||
              (row.id < after.id ? -1 : row.id > after.id ? 1 : 0);
            return descending ? ascending < 0 : ascending > 0;
          })
          .sort(order)
          .slice(0, limit + 1);
        return sortedPage(rows.map(copy), limit, sort);
      }),
    byId: (organizationId, id) =>
      settle(() => {
        const row = current().transactions.get(id);
        return row && row.organizationId === organizationId ? copy(row) : null;
      }),
    volume: (organizationId, filter) =>
      settle(() =>
        sumDecimals(
          ofOrganization(organizationId)
            .filter((row) => filter?.currency === undefined || row.currency === filter.currency)
            .map((row) => row.amount),
        ),
      ),
    updateScores: (organizationId, updates) =>
      settle(() => {
        const checked = updates.map((update, index) => ({
          id: update.id,
          ...normalizeScores(update, `updates[${index}]`),
        }));
        const state = current();
        let changed = 0;
        for (const { id, riskScoreBp: _stored, ...scores } of checked) {
          const row = state.transactions.get(id);
          if (!row || row.organizationId !== organizationId) continue;
          state.transactions.set(id, { ...row, ...scores });
          changed += 1;
        }
        return changed;
      }),
    historyFacts: (organizationId, items) =>
      settle(() => {
        const probes = checkHistoryProbes(items);
        const rows = ofOrganization(organizationId);
        const groups = senderGroups(probes);
        return assembleHistoryFacts(
          probes,
          groups,
          groups.map((group) =>
            rows
              .filter(
                (row) =>
                  row.chain === group.chain &&
                  row.fromAddress === group.fromAddress &&
                  row.currency === group.currency &&
                  Date.parse(row.timestamp) <= group.untilMs,
              )
              .map((row) => ({
                txId: row.txId,
                toAddress: row.toAddress,
                amount: row.amount,
                timestampMs: Date.parse(row.timestamp),
              })),
          ),
        );
      }),
  };
}

function matches(row: Transaction, filter: CheckedFilter): boolean {
  const millis = Date.parse(row.timestamp);
  return (
    (filter.wallet === undefined ||
      row.fromAddress === filter.wallet ||
      row.toAddress === filter.wallet) &&
    (filter.direction === undefined || row.direction === filter.direction) &&
    (filter.category === undefined || row.category === filter.category) &&
    (filter.riskBucket === undefined || row.riskBucket === filter.riskBucket) &&
    (filter.fromMs === undefined || millis >= filter.fromMs) &&
    (filter.toMs === undefined || millis <= filter.toMs) &&
    (filter.minAmount === undefined || compareDecimals(row.amount, filter.minAmount) >= 0) &&
    (filter.maxAmount === undefined || compareDecimals(row.amount, filter.maxAmount) <= 0) &&
    (filter.memo === undefined ||
      (row.memo !== null && asciiLower(row.memo).includes(asciiLower(filter.memo))))
  );
}

/** Like SQLite's LIKE: only ASCII letters fold. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** The definitions of apps/api/src/risk/types.ts `HistoryFacts`, by brute force. */
export function historyFactsOf(
  rows: readonly Transaction[],
  probe: HistoryProbe,
): HistoryFactsRecord {
  const at = parseTimestamp(probe.timestamp);
  const senders = rows.filter(
    (row) =>
      row.chain === probe.chain &&
      row.txId !== probe.txId &&
      row.fromAddress === probe.fromAddress &&
      row.currency === probe.currency,
  );
  const prior = senders.filter((row) => Date.parse(row.timestamp) < at);
  const recipients = new Set([probe.toAddress]);
  for (const row of senders) {
    const millis = Date.parse(row.timestamp);
    if (millis >= at - DAY_MS && millis <= at && compareDecimals(row.amount, probe.amount) === 0) {
      recipients.add(row.toAddress);
    }
  }
  return {
    senderPriorCount: prior.length,
    senderPriorMedian: medianDecimal(prior.map((row) => row.amount)),
    sameAmountDistinctRecipients24h: recipients.size,
  };
}
