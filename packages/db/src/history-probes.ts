import { parseDecimal } from './decimal.js';
import { InvalidInputError } from './errors.js';
import { parseTimestamp } from './normalize.js';
import type { HistoryProbe } from './ports.js';

/** At most this many probes per `historyFacts` call (one ingest batch). */
export const MAX_HISTORY_PROBES = 1000;

export interface CheckedProbe extends HistoryProbe {
  timestampMs: number;
}

/** Canonical amounts and epoch-ms timestamps; `InvalidInputError` naming the first bad field. */
export function checkHistoryProbes(items: readonly HistoryProbe[]): CheckedProbe[] {
  if (items.length > MAX_HISTORY_PROBES) {
    throw new InvalidInputError(`at most ${MAX_HISTORY_PROBES} items per call`);
  }
  return items.map((item, index) => {
    const at = `items[${index}]`;
    for (const field of ['chain', 'txId', 'fromAddress', 'toAddress', 'currency'] as const) {
      const value: unknown = item[field];
      if (typeof value !== 'string' || value.length === 0) {
        throw new InvalidInputError(`${at}.${field} must be a non-empty string`);
      }
    }
    const amount = parseDecimal(item.amount);
    if (!amount.ok) throw new InvalidInputError(`${at}.amount ${amount.message}`);
    const timestampMs = parseTimestamp(item.timestamp, `${at}.timestamp`);
    return {
      ...item,
      amount: amount.value,
      timestampMs,
      timestamp: new Date(timestampMs).toISOString(),
    };
  });
}
