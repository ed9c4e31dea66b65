/**
 * `transactions.list` and `analytics.summary` on a copy of the million-row store: the latency of
 * each request shape (a filter, a range) from the latency client over one connection, so the
 * figures are service times, not queueing behind other requests.
 */
import { withCpuOf } from '../processes.js';
import type { RequestShape, RotationOutcome, ShapeOutcome } from './client-plan.js';
import { LOAD_CORE, requireSeeded, type RiskContext } from './context.js';
import { runClient } from './run-client.js';
import { onSeedCopy } from './seed-copy-api.js';
import { queryPath } from './trpc-client.js';

export type LatencyScenario = 'list' | 'summary';

export interface LatencyRun {
  scenario: LatencyScenario;
  round: number;
  /** False when the build has no such procedure (yet), or refuses the bench's input. */
  available: boolean;
  unavailableReason: string | null;
  requestsPerSecond: number;
  shapes: ShapeOutcome[];
  serverCpuMicrosPerRequest: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** In flight at once: one, so a figure is the request's own time. */
const LATENCY_CONNECTIONS = 1;

/** The list shapes the target applies to: all but the unfiltered ones. */
export const UNFILTERED_LIST_SHAPES = ['newest', 'scroll'];
export const SUMMARY_TARGET_SHAPE = '30 days';

const iso = (ms: number) => new Date(ms).toISOString();

function listShapes(context: RiskContext): RequestShape[] {
  const { population } = context;
  const { endMs } = requireSeeded(context);
  const list = (name: string, input: Record<string, unknown>, followCursor = false) => ({
    name,
    path: queryPath('transactions.list', { limit: 50, ...input }),
    expectItems: true,
    followCursor,
  });
  return [
    list('newest', {}),
    list('scroll', {}, true),
    list('high risk', { riskBucket: 'high' }),
    list('one customer', { wallet: population.customers[3] }),
    list('hot wallet, 30 days', {
      wallet: population.hotWallets[0],
      from: iso(endMs - 30 * DAY_MS),
      to: iso(endMs),
    }),
    list('outgoing by amount, 30 days', {
      direction: 'out',
      from: iso(endMs - 90 * DAY_MS),
      to: iso(endMs - 60 * DAY_MS),
      sort: 'amount_desc',
    }),
    list('category income', { category: 'income' }),
    list('amount 1000..5000', { minAmount: '1000', maxAmount: '5000' }),
    list('memo "refund"', { memo: 'refund' }),
    list('riskiest, 7 days', { from: iso(endMs - 7 * DAY_MS), to: iso(endMs), sort: 'risk_desc' }),
  ];
}

function summaryShapes(context: RiskContext): RequestShape[] {
  const { endMs } = requireSeeded(context);
  const range = (name: string, days: number) => ({
    name,
    path: queryPath('analytics.summary', { from: iso(endMs - days * DAY_MS), to: iso(endMs) }),
  });
  return [range('7 days', 7), range(SUMMARY_TARGET_SHAPE, 30), range('365 days', 365)];
}

/** Null when the procedure answers; otherwise why it cannot be measured. */
async function unavailability(
  baseUrl: string,
  shape: RequestShape,
  headers: Record<string, string>,
): Promise<string | null> {
  const response = await fetch(`${baseUrl}${shape.path}`, { headers });
  if (response.ok) return null;
  const body = await response.text();
  if (response.status === 404) return 'the build has no such procedure';
  if (response.status === 400) {
    return `it refuses the bench's input (update bench/src/risk/latency.ts): ${body.slice(0, 300)}`;
  }
  throw new Error(`${shape.path} answered ${response.status}: ${body.slice(0, 500)}`);
}

export function measureLatency(
  context: RiskContext,
  scenario: LatencyScenario,
  round: number,
): Promise<LatencyRun> {
  const shapes = scenario === 'list' ? listShapes(context) : summaryShapes(context);
  return onSeedCopy(context, scenario, round, async ({ api, headers }) => {
    const reason = await unavailability(api.baseUrl, shapes[0]!, headers);
    if (reason !== null) {
      return {
        scenario,
        round,
        available: false,
        unavailableReason: reason,
        requestsPerSecond: Number.NaN,
        shapes: [],
        serverCpuMicrosPerRequest: Number.NaN,
      };
    }
    const { outcome, cpuMicros: cpu } = await withCpuOf(api.process.pid, () =>
      runClient<RotationOutcome>(context.taskset, LOAD_CORE, context.paths.benchDir, {
        kind: 'rotation',
        baseUrl: api.baseUrl,
        headers,
        connections: LATENCY_CONNECTIONS,
        warmupSeconds: context.options.warmupSeconds,
        secondsPerShape: secondsPerShape(context),
        shapes,
      }),
    );
    const measured = outcome.shapes.reduce((sum, shape) => sum + shape.count, 0);
    return {
      scenario,
      round,
      available: true,
      unavailableReason: null,
      requestsPerSecond: outcome.requestsPerSecond,
      shapes: outcome.shapes,
      // The CPU covers the warm-up too: divide by every request of both parts.
      serverCpuMicrosPerRequest: cpu / Math.max(measured + outcome.warmupRequests, 1),
    };
  });
}

/** Measured seconds per shape: a fifth of --duration (the shapes run one after another). */
export function secondsPerShape(context: RiskContext): number {
  return Math.max(1, Math.round(context.options.durationSeconds * 0.2));
}
