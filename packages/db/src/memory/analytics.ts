import {
  ANOMALY_FLAGS,
  assembleSummary,
  checkAnalyticsRange,
  checkTimeBounds,
  compareRiskAddresses,
  EMPTY_FIGURES,
  utcDayOf,
  type GroupFigures,
} from '../analytics-summary.js';
import { sumDecimals } from '../decimal.js';
import type { AnalyticsRepository, Transaction } from '../ports.js';
import { settle } from '../settle.js';
import type { MemoryState } from './state.js';

/** The reference implementation: one plain pass over the rows, no cleverness. */
export function createMemoryAnalytics(current: () => MemoryState): AnalyticsRepository {
  const inRange = (organizationId: string, fromMs: number, toMs: number): Transaction[] =>
    [...current().transactions.values()].filter((row) => {
      const millis = Date.parse(row.timestamp);
      return row.organizationId === organizationId && millis >= fromMs && millis <= toMs;
    });

  return {
    summary: (organizationId, range) =>
      settle(() => {
        const { fromMs, toMs, currency, topAddresses } = checkAnalyticsRange(range);
        const rows = inRange(organizationId, fromMs, toMs).filter(
          (row) => currency === null || row.currency === currency,
        );
        const days = new Map<number, GroupFigures>();
        const amounts = new Map<string, string[]>();
        const categories = new Map<string, number>();
        const parties = new Map<string, { count: number; scoreSum: number; maxScore: number }>();
        let total = EMPTY_FIGURES;
        for (const row of rows) {
          const score = Math.round(row.riskScore * 10_000);
          total = add(total, row, score);
          const day = utcDayOf(Date.parse(row.timestamp));
          days.set(day, add(days.get(day) ?? EMPTY_FIGURES, row, score));
          const held = amounts.get(row.currency) ?? [];
          held.push(row.amount);
          amounts.set(row.currency, held);
          categories.set(row.category, (categories.get(row.category) ?? 0) + 1);
          for (const address of new Set([row.fromAddress, row.toAddress])) {
            const party = parties.get(address) ?? { count: 0, scoreSum: 0, maxScore: 0 };
            parties.set(address, {
              count: party.count + 1,
              scoreSum: party.scoreSum + score,
              maxScore: Math.max(party.maxScore, score),
            });
          }
        }
        return assembleSummary({
          total,
          currencies: [...amounts].map(([code, values]) => ({
            currency: code,
            count: values.length,
            volume: sumDecimals(values),
          })),
          days: [...days].map(([day, figures]) => ({ day, ...figures })),
          categories: [...categories].map(([category, count]) => ({ category, count })),
          addresses: [...parties]
            .map(([address, figures]) => ({ address, ...figures }))
            .sort((a, b) =>
              compareRiskAddresses(
                { ...a, maxRisk: a.maxScore, mean: a.scoreSum / a.count },
                { ...b, maxRisk: b.maxScore, mean: b.scoreSum / b.count },
              ),
            )
            .slice(0, topAddresses),
        });
      }),
    count: (organizationId, range) =>
      settle(() => {
        const { fromMs, toMs } = checkTimeBounds(range);
        return inRange(organizationId, fromMs, toMs).length;
      }),
  };
}

function add(figures: GroupFigures, row: Transaction, score: number): GroupFigures {
  const anomaly = row.riskFlags.some((flag) => (ANOMALY_FLAGS as readonly string[]).includes(flag));
  return {
    count: figures.count + 1,
    scoreSum: figures.scoreSum + score,
    low: figures.low + (row.riskBucket === 'low' ? 1 : 0),
    medium: figures.medium + (row.riskBucket === 'medium' ? 1 : 0),
    high: figures.high + (row.riskBucket === 'high' ? 1 : 0),
    anomalies: figures.anomalies + (anomaly ? 1 : 0),
  };
}
