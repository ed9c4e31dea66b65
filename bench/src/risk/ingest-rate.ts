/**
 * Ingest rate: batches of 1000 (`transactions.ingest`, scoring included) into a new organization
 * on a fresh store, SQLite or PostgreSQL, two batches in flight from the latency client on the
 * load core. The rows are the organization's traffic in time order, so history builds up as the
 * run goes (the sender histories reach thousands of rows).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { withCpuOf } from '../processes.js';
import { createBenchAccount, signIn } from './account.js';
import { startRiskApi } from './api.js';
import type { IngestBatchesOutcome } from './client-plan.js';
import { LOAD_CORE, SERVER_CORE, type RiskContext } from './context.js';
import { createBenchDatabase } from './postgres.js';
import { runClient } from './run-client.js';

export type IngestRateScenario = 'ingest-sqlite' | 'ingest-postgres';

export interface IngestRateRun {
  scenario: IngestRateScenario;
  round: number;
  transactionsPerSecond: number;
  rows: number;
  seconds: number;
  batchLatencyP50Ms: number;
  batchLatencyP99Ms: number;
  /** API process CPU per transaction (PostgreSQL's own CPU is not included). */
  serverCpuMicrosPerTransaction: number;
}

export const BATCH_SIZE = 1000;
const CONCURRENCY = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A fresh store: a new SQLite file, or a throw-away PostgreSQL database. */
async function freshStore(context: RiskContext, scenario: IngestRateScenario, round: number) {
  if (scenario === 'ingest-postgres') {
    const database = await createBenchDatabase(context.options.postgresUrl);
    return { databaseUrl: database.url, remove: () => database.drop() };
  }
  const file = join(context.workDir, `${scenario}-${round}.db`);
  return {
    databaseUrl: `file:${file}`,
    remove: async () => {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true });
    },
  };
}

export async function measureIngestRate(
  context: RiskContext,
  scenario: IngestRateScenario,
  round: number,
): Promise<IngestRateRun> {
  const { options, population } = context;
  const store = await freshStore(context, scenario, round);
  try {
    const api = await startRiskApi({
      repoRoot: context.paths.repoRoot,
      taskset: context.taskset,
      core: SERVER_CORE,
      databaseUrl: store.databaseUrl,
      profileDir: context.profileDir,
      label: scenario,
    });
    try {
      const account = await createBenchAccount(api.baseUrl, population);
      const headers = await signIn(api.baseUrl, account);
      const warmupBatches = Math.max(2, Math.round(options.batches / 10));
      const endMs = Date.now() - DAY_MS;
      const { outcome, cpuMicros: cpu } = await withCpuOf(api.process.pid, () =>
        runClient<IngestBatchesOutcome>(context.taskset, LOAD_CORE, context.paths.benchDir, {
          kind: 'ingest-batches',
          baseUrl: api.baseUrl,
          headers,
          concurrency: CONCURRENCY,
          warmupBatches,
          batches: options.batches,
          batchSize: BATCH_SIZE,
          populationSeed: population.seed,
          stream: { seed: 0x1b47c4, txIdPrefix: 'B47C0000', startMs: endMs - 365 * DAY_MS, endMs },
        }),
      );
      return {
        scenario,
        round,
        transactionsPerSecond: outcome.transactionsPerSecond,
        rows: outcome.rows,
        seconds: outcome.seconds,
        batchLatencyP50Ms: outcome.batchLatency.p50Ms,
        batchLatencyP99Ms: outcome.batchLatency.p99Ms,
        serverCpuMicrosPerTransaction: cpu / ((warmupBatches + options.batches) * BATCH_SIZE),
      };
    } finally {
      await api.stop();
    }
  } finally {
    await store.remove();
  }
}
