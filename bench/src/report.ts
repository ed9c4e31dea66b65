import type { ConfigurationId } from './options.js';
import type { RunResult } from './measure.js';
import type { methodOptions, ReportHeading } from './results.js';

export const LABELS: Record<ConfigurationId, string> = {
  'fastify-bare': 'bare Fastify 5 route, same JSON (anchor)',
  'trpc-off': 'tRPC `transactions.list`, rate limiting off',
  'trpc-memory': 'same, rate limiting on, memory',
  'trpc-redis': 'same, rate limiting on, Redis',
};

export interface ConfigurationSummary {
  configuration: ConfigurationId;
  runs: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  serverCpuMicrosPerRequest: number;
  redisCpuMicrosPerRequest: number | null;
}

export interface Ratio {
  name: string;
  numerator: ConfigurationId;
  denominator: ConfigurationId;
  /** Of the median req/s. */
  value: number;
  /** The ratio of each round's pair, to show how much it moved. */
  perRound: number[];
  /**
   * The same comparison from server CPU per request (denominator's / numerator's): what the
   * ratio would be with the server's core saturated, and less disturbed by other processes.
   */
  fromCpu: number;
  target: number | null;
  met: boolean | null;
}

export interface BenchReport extends ReportHeading<'rate-limit'> {
  options: ReturnType<typeof methodOptions> & { configurations: ConfigurationId[] };
  summaries: ConfigurationSummary[];
  ratios: Ratio[];
  runs: RunResult[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

export function summarise(
  configuration: ConfigurationId,
  runs: readonly RunResult[],
): ConfigurationSummary {
  const own = runs.filter((run) => run.configuration === configuration);
  const redisCpu = own.flatMap((run) =>
    run.redisCpuMicrosPerRequest === null ? [] : [run.redisCpuMicrosPerRequest],
  );
  return {
    configuration,
    runs: own.length,
    requestsPerSecond: median(own.map((run) => run.requestsPerSecond)),
    latencyP50Ms: median(own.map((run) => run.latencyP50Ms)),
    latencyP99Ms: median(own.map((run) => run.latencyP99Ms)),
    serverCpuMicrosPerRequest: median(own.map((run) => run.serverCpuMicrosPerRequest)),
    redisCpuMicrosPerRequest: redisCpu.length > 0 ? median(redisCpu) : null,
  };
}

const RATIOS: Array<Omit<Ratio, 'value' | 'perRound' | 'fromCpu' | 'met'>> = [
  { name: 'memory / off', numerator: 'trpc-memory', denominator: 'trpc-off', target: 0.9 },
  { name: 'Redis / off', numerator: 'trpc-redis', denominator: 'trpc-off', target: 0.75 },
  { name: 'off / bare Fastify', numerator: 'trpc-off', denominator: 'fastify-bare', target: null },
];

export function ratios(
  summaries: readonly ConfigurationSummary[],
  runs: readonly RunResult[],
): Ratio[] {
  const summary = (id: ConfigurationId) => summaries.find((s) => s.configuration === id);
  const rps = (id: ConfigurationId) => summary(id)?.requestsPerSecond;
  const cpu = (id: ConfigurationId) => summary(id)?.serverCpuMicrosPerRequest ?? Number.NaN;
  const rounds = [...new Set(runs.map((run) => run.round))];
  const inRound = (id: ConfigurationId, round: number) =>
    runs.find((run) => run.configuration === id && run.round === round)?.requestsPerSecond;
  return RATIOS.flatMap((ratio) => {
    const numerator = rps(ratio.numerator);
    const denominator = rps(ratio.denominator);
    if (numerator === undefined || denominator === undefined) return [];
    const value = numerator / denominator;
    const perRound = rounds.flatMap((round) => {
      const top = inRound(ratio.numerator, round);
      const bottom = inRound(ratio.denominator, round);
      return top === undefined || bottom === undefined ? [] : [top / bottom];
    });
    const fromCpu = cpu(ratio.denominator) / cpu(ratio.numerator);
    const met = ratio.target === null ? null : value >= ratio.target;
    return [{ ...ratio, value, perRound, fromCpu, met }];
  });
}

const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';
const thousands = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';

/** The table for the terminal and the README (prettier aligns it when pasted). */
export function markdownTable(report: BenchReport): string {
  const off = report.summaries.find((s) => s.configuration === 'trpc-off')?.requestsPerSecond;
  const lines = [
    '| configuration | req/s | vs off | p50 ms | p99 ms | server CPU µs/req |',
    '| --- | --: | --: | --: | --: | --: |',
    ...report.summaries.map((s) => {
      const versusOff = off === undefined ? '–' : `×${fixed(s.requestsPerSecond / off, 2)}`;
      const cpu =
        s.redisCpuMicrosPerRequest === null
          ? fixed(s.serverCpuMicrosPerRequest, 0)
          : `${fixed(s.serverCpuMicrosPerRequest, 0)} (+ Redis ${fixed(s.redisCpuMicrosPerRequest, 0)})`;
      return `| ${LABELS[s.configuration]} | ${thousands(s.requestsPerSecond)} | ${versusOff} | ${fixed(s.latencyP50Ms, 0)} | ${fixed(s.latencyP99Ms, 0)} | ${cpu} |`;
    }),
  ];
  const ratioLines = report.ratios.map((ratio) => {
    const spread = ratio.perRound.map((value) => value.toFixed(2)).join(', ');
    const verdict =
      ratio.target === null
        ? ''
        : ratio.met
          ? ` — target ≥ ${ratio.target.toFixed(2)}: met`
          : ` — target ≥ ${ratio.target.toFixed(2)}: **missed**`;
    return `- ${ratio.name}: **${ratio.value.toFixed(2)}** (per round: ${spread}; from server CPU per request: ${ratio.fromCpu.toFixed(2)})${verdict}`;
  });
  return [...lines, '', ...ratioLines].join('\n');
}
