/**
 * The risk suite (issue 5): score and single ingest throughput, batch ingest rate into SQLite and
 * PostgreSQL, list and summary latency on a store of a million transactions. The store is seeded
 * once per run and copied for each run that reads it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../cleanup.js';
import { isStandardRun, type BenchOptions, type RiskScenarioId } from '../options.js';
import {
  logRunFooter,
  methodOptions,
  reportHeading,
  rotated,
  writeReport,
  type BenchPaths,
} from '../results.js';
import { SERVER_CORE, type RiskContext } from './context.js';
import { measureIngestRate } from './ingest-rate.js';
import { measureLatency, secondsPerShape } from './latency.js';
import { Population } from './population.js';
import { riskMarkdown, summariseRisk, type RiskReport, type RiskRun } from './report.js';
import { seedStore } from './seed-store.js';
import { measureThroughput } from './throughput.js';

const POPULATION_SEED = 0x4b1e5;
const NEEDS_SEED: RiskScenarioId[] = ['score', 'ingest-one', 'list', 'summary'];

const METHOD =
  'Built API (node apps/api/dist/main.js, LOG_LEVEL=warn, rate limiting on in memory with ' +
  'limits no run reaches) pinned with taskset -c 0, a fresh server per run on a copy of the ' +
  'seeded SQLite store (or a fresh store for the ingest rates); load pinned with taskset -c 1: ' +
  'autocannon with a new generated transaction per request for score / ingest-one, the latency ' +
  'client (one connection, shapes in rotation) for list / summary, two batches of 1000 in ' +
  'flight for the ingest rates; warm-up, then the measured part; rounds in rotating order; ' +
  'medians of the rounds.';

function measure(context: RiskContext, scenario: RiskScenarioId, round: number): Promise<RiskRun> {
  switch (scenario) {
    case 'score':
    case 'ingest-one':
      return measureThroughput(context, scenario, round);
    case 'ingest-sqlite':
    case 'ingest-postgres':
      return measureIngestRate(context, scenario, round);
    case 'list':
    case 'summary':
      return measureLatency(context, scenario, round);
  }
}

function describe(run: RiskRun): string {
  if ('requestsPerSecond' in run && 'latencyP99Ms' in run) {
    return `${Math.round(run.requestsPerSecond)} req/s  p50 ${run.latencyP50Ms} ms  p99 ${run.latencyP99Ms} ms  ${run.serverCpuMicrosPerRequest.toFixed(0)} µs CPU/req`;
  }
  if ('transactionsPerSecond' in run) {
    return `${Math.round(run.transactionsPerSecond)} tx/s  batch p50 ${run.batchLatencyP50Ms.toFixed(0)} ms  p99 ${run.batchLatencyP99Ms.toFixed(0)} ms  ${run.serverCpuMicrosPerTransaction.toFixed(0)} µs CPU/tx`;
  }
  if (!run.available) return `not available: ${run.unavailableReason}`;
  return run.shapes
    .map((shape) => `${shape.name}: p50 ${shape.p50Ms.toFixed(1)} p99 ${shape.p99Ms.toFixed(1)} ms`)
    .join('; ');
}

function estimateMinutes(options: BenchOptions, seconds: number): number {
  const perThroughput = options.warmupSeconds + options.durationSeconds + 8;
  let total = 0;
  for (const scenario of options.scenarios) {
    if (scenario === 'score' || scenario === 'ingest-one') total += perThroughput;
    else if (scenario === 'list') total += options.warmupSeconds + 10 * seconds + 8;
    else if (scenario === 'summary') total += options.warmupSeconds + 3 * seconds + 8;
    else total += 15 + options.batches * (scenario === 'ingest-sqlite' ? 0.06 : 0.12);
  }
  return Math.ceil((total * options.rounds) / 60);
}

export async function runRiskSuite(
  options: BenchOptions,
  paths: BenchPaths,
  taskset: string,
  profileDir: string | undefined,
): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'klerno-bench-risk-'));
  const removeWorkDir = onCleanup(() => rm(workDir, { recursive: true, force: true }));
  try {
    const loadAverageBefore = loadavg();
    const population = new Population(POPULATION_SEED);
    const context: RiskContext = {
      options,
      paths,
      taskset,
      profileDir,
      population,
      workDir,
      seeded: null,
    };
    console.log(
      `risk suite: ${options.scenarios.join(', ')} × ${options.rounds} rounds (≈ ${estimateMinutes(options, secondsPerShape(context))} min after seeding)`,
    );
    if (options.scenarios.some((scenario) => NEEDS_SEED.includes(scenario))) {
      console.log(`seeding ${options.rows.toLocaleString('en-US')} transactions…`);
      context.seeded = await seedStore({
        repoRoot: paths.repoRoot,
        benchDir: paths.benchDir,
        taskset,
        core: SERVER_CORE,
        workDir,
        cacheDir: options.keepSeed ? join(paths.scratchDir, 'seed-cache') : null,
        rows: options.rows,
        population,
      });
      const { seeded } = context;
      console.log(
        seeded.reused
          ? 'seed: reused a kept store (--keep-seed)'
          : `seed: ${seeded.rows.toLocaleString('en-US')} rows in ${seeded.seedSeconds.toFixed(0)} s (${Math.round(seeded.rows / seeded.seedSeconds)} tx/s in process)`,
      );
    }

    const runs: RiskRun[] = [];
    for (let round = 0; round < options.rounds; round++) {
      for (const scenario of rotated(options.scenarios, round)) {
        const run = await measure(context, scenario, round);
        runs.push(run);
        console.log(`round ${round + 1}/${options.rounds} ${scenario.padEnd(15)} ${describe(run)}`);
      }
    }

    const { seeded } = context;
    const report: RiskReport = {
      ...(await reportHeading('risk', paths.repoRoot, loadAverageBefore, METHOD)),
      options: {
        ...methodOptions(options),
        scenarios: options.scenarios,
        rows: options.rows,
        batches: options.batches,
        keepSeed: options.keepSeed,
      },
      seed: seeded && {
        rows: seeded.rows,
        seconds: seeded.seedSeconds,
        transactionsPerSecond: seeded.rows / seeded.seedSeconds,
        reused: seeded.reused,
        from: new Date(seeded.startMs).toISOString(),
        to: new Date(seeded.endMs).toISOString(),
      },
      summaries: summariseRisk(options.scenarios, runs),
      runs,
    };
    const standard = isStandardRun(options, 'risk');
    const file = await writeReport(paths, 'risk', report.date, report, standard);
    console.log(`\n${riskMarkdown(report)}\n`);
    logRunFooter(paths, report, file, standard);
    for (const summary of report.summaries.filter((s) => s.met === false)) {
      console.log(`target missed: ${summary.scenario} (${summary.target})`);
    }
  } finally {
    await removeWorkDir();
  }
}
