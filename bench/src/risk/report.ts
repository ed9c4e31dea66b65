import type { RiskScenarioId } from '../options.js';
import { median } from '../report.js';
import type { ReportHeading } from '../results.js';
import type { ShapeOutcome } from './client-plan.js';
import type { IngestRateRun } from './ingest-rate.js';
import { SUMMARY_TARGET_SHAPE, UNFILTERED_LIST_SHAPES, type LatencyRun } from './latency.js';
import type { ThroughputRun } from './throughput.js';

export type RiskRun = ThroughputRun | IngestRateRun | LatencyRun;

/** Issue 5's targets on this 2-core machine. */
export const TARGETS = {
  requestsPerSecond: 3000,
  requestP99Ms: 35,
  sqliteTransactionsPerSecond: 20_000,
  postgresTransactionsPerSecond: 10_000,
  listPageP99Ms: 20,
  summaryMs: 500,
} as const;

export interface ShapeSummary {
  name: string;
  /** Medians over the rounds of each round's figure. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  medianItems: number | null;
  /** Whether the scenario's latency target applies to this shape. */
  targeted: boolean;
}

export interface ScenarioSummary {
  scenario: RiskScenarioId;
  runs: number;
  available: boolean;
  unavailableReason: string | null;
  /** The scenario's headline: req/s (throughput), tx/s (ingest), or null (latency). */
  rate: number | null;
  rateUnit: 'req/s' | 'tx/s' | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Server CPU per request (per transaction for ingest rates), median of the rounds. */
  serverCpuMicros: number | null;
  shapes: ShapeSummary[];
  target: string;
  met: boolean | null;
}

export interface RiskReport extends ReportHeading<'risk'> {
  options: Record<string, unknown>;
  seed: {
    rows: number;
    seconds: number;
    transactionsPerSecond: number;
    reused: boolean;
    from: string;
    to: string;
  } | null;
  summaries: ScenarioSummary[];
  runs: RiskRun[];
}

const medianOf = (values: number[]) => (values.length > 0 ? median(values) : Number.NaN);

function shapeSummaries(runs: LatencyRun[], targeted: (name: string) => boolean): ShapeSummary[] {
  const names = runs[0]?.shapes.map((shape) => shape.name) ?? [];
  return names.map((name) => {
    const own = runs.flatMap((run) => run.shapes.filter((shape) => shape.name === name));
    const items = own.flatMap((shape: ShapeOutcome) =>
      shape.medianItems === null ? [] : [shape.medianItems],
    );
    return {
      name,
      p50Ms: medianOf(own.map((shape) => shape.p50Ms)),
      p99Ms: medianOf(own.map((shape) => shape.p99Ms)),
      maxMs: Math.max(...own.map((shape) => shape.maxMs)),
      requests: own.reduce((sum, shape) => sum + shape.count, 0),
      medianItems: items.length > 0 ? medianOf(items) : null,
      targeted: targeted(name),
    };
  });
}

function summariseThroughput(scenario: 'score' | 'ingest-one', runs: ThroughputRun[]) {
  const rate = medianOf(runs.map((run) => run.requestsPerSecond));
  const p99 = medianOf(runs.map((run) => run.latencyP99Ms));
  return {
    scenario,
    runs: runs.length,
    available: true,
    unavailableReason: null,
    rate,
    rateUnit: 'req/s' as const,
    p50Ms: medianOf(runs.map((run) => run.latencyP50Ms)),
    p99Ms: p99,
    serverCpuMicros: medianOf(runs.map((run) => run.serverCpuMicrosPerRequest)),
    shapes: [],
    target: `≥ ${TARGETS.requestsPerSecond.toLocaleString('en-US')} req/s with p99 ≤ ${TARGETS.requestP99Ms} ms`,
    met: rate >= TARGETS.requestsPerSecond && p99 <= TARGETS.requestP99Ms,
  };
}

function summariseIngestRate(scenario: 'ingest-sqlite' | 'ingest-postgres', runs: IngestRateRun[]) {
  const rate = medianOf(runs.map((run) => run.transactionsPerSecond));
  const wanted =
    scenario === 'ingest-sqlite'
      ? TARGETS.sqliteTransactionsPerSecond
      : TARGETS.postgresTransactionsPerSecond;
  return {
    scenario,
    runs: runs.length,
    available: true,
    unavailableReason: null,
    rate,
    rateUnit: 'tx/s' as const,
    p50Ms: medianOf(runs.map((run) => run.batchLatencyP50Ms)),
    p99Ms: medianOf(runs.map((run) => run.batchLatencyP99Ms)),
    serverCpuMicros: medianOf(runs.map((run) => run.serverCpuMicrosPerTransaction)),
    shapes: [],
    target: `≥ ${wanted.toLocaleString('en-US')} tx/s`,
    met: rate >= wanted,
  };
}

function summariseLatency(scenario: 'list' | 'summary', runs: LatencyRun[]): ScenarioSummary {
  const available = runs.filter((run) => run.available);
  const target =
    scenario === 'list'
      ? `every filtered page p99 ≤ ${TARGETS.listPageP99Ms} ms`
      : `${SUMMARY_TARGET_SHAPE}: ≤ ${TARGETS.summaryMs} ms (p99)`;
  if (available.length === 0) {
    return {
      scenario,
      runs: runs.length,
      available: false,
      unavailableReason: runs[0]?.unavailableReason ?? 'not run',
      rate: null,
      rateUnit: null,
      p50Ms: null,
      p99Ms: null,
      serverCpuMicros: null,
      shapes: [],
      target,
      met: null,
    };
  }
  const targeted = (name: string) =>
    scenario === 'list' ? !UNFILTERED_LIST_SHAPES.includes(name) : name === SUMMARY_TARGET_SHAPE;
  const shapes = shapeSummaries(available, targeted);
  const limit = scenario === 'list' ? TARGETS.listPageP99Ms : TARGETS.summaryMs;
  const judged = shapes.filter((shape) => shape.targeted);
  return {
    scenario,
    runs: runs.length,
    available: true,
    unavailableReason: null,
    rate: null,
    rateUnit: null,
    p50Ms: Math.max(...judged.map((shape) => shape.p50Ms)),
    p99Ms: Math.max(...judged.map((shape) => shape.p99Ms)),
    serverCpuMicros: medianOf(available.map((run) => run.serverCpuMicrosPerRequest)),
    shapes,
    target,
    met: judged.every((shape) => shape.p99Ms <= limit),
  };
}

export function summariseRisk(scenarios: RiskScenarioId[], runs: RiskRun[]): ScenarioSummary[] {
  return scenarios.map((scenario) => {
    switch (scenario) {
      case 'score':
      case 'ingest-one':
        return summariseThroughput(
          scenario,
          runs.filter((run): run is ThroughputRun => run.scenario === scenario),
        );
      case 'ingest-sqlite':
      case 'ingest-postgres':
        return summariseIngestRate(
          scenario,
          runs.filter((run): run is IngestRateRun => run.scenario === scenario),
        );
      case 'list':
      case 'summary':
        return summariseLatency(
          scenario,
          runs.filter((run): run is LatencyRun => run.scenario === scenario),
        );
    }
  });
}

const LABELS: Record<RiskScenarioId, string> = {
  score: '`transactions.score`, 50 connections',
  'ingest-one': '`transactions.ingest`, one transaction per call, 50 connections',
  'ingest-sqlite': '`transactions.ingest`, batches of 1000, SQLite',
  'ingest-postgres': '`transactions.ingest`, batches of 1000, PostgreSQL',
  list: '`transactions.list` (page of 50), slowest filtered shape, 1M rows',
  summary: `\`analytics.summary\`, ${SUMMARY_TARGET_SHAPE}, 1M rows`,
};

const whole = (value: number | null) =>
  value === null || !Number.isFinite(value) ? '–' : Math.round(value).toLocaleString('en-US');
const ms = (value: number | null) =>
  value === null || !Number.isFinite(value)
    ? '–'
    : value < 10
      ? value.toFixed(1)
      : value.toFixed(0);

/** The tables for the terminal and the README (prettier aligns them when pasted). */
export function riskMarkdown(report: RiskReport): string {
  const lines = [
    '| scenario | rate | p50 ms | p99 ms | server CPU µs | target | result |',
    '| --- | --: | --: | --: | --: | --- | --- |',
    ...report.summaries.map((s) => {
      const rate = s.rate === null ? '–' : `${whole(s.rate)} ${s.rateUnit}`;
      const result = !s.available
        ? `not available: ${s.unavailableReason}`
        : s.met
          ? 'met'
          : '**missed**';
      return `| ${LABELS[s.scenario]} | ${rate} | ${ms(s.p50Ms)} | ${ms(s.p99Ms)} | ${whole(s.serverCpuMicros)} | ${s.target} | ${result} |`;
    }),
  ];
  for (const summary of report.summaries.filter((s) => s.shapes.length > 0)) {
    lines.push(
      '',
      `\`${summary.scenario === 'list' ? 'transactions.list' : 'analytics.summary'}\` by shape (one connection; medians of the rounds):`,
      '',
      '| shape | p50 ms | p99 ms | max ms | requests | rows per page | target applies |',
      '| --- | --: | --: | --: | --: | --: | --- |',
      ...summary.shapes.map(
        (shape) =>
          `| ${shape.name} | ${ms(shape.p50Ms)} | ${ms(shape.p99Ms)} | ${ms(shape.maxMs)} | ${whole(shape.requests)} | ${shape.medianItems === null ? '–' : whole(shape.medianItems)} | ${shape.targeted ? 'yes' : 'no'} |`,
      ),
    );
  }
  return lines.join('\n');
}
