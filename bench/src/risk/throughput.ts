/**
 * `transactions.score` and single-transaction `transactions.ingest` at 50 connections, on a copy
 * of the seeded store: requests per second and latency from autocannon (pinned to the load
 * core), server CPU per request from /proc.
 */
import { runLoad } from '../load.js';
import { withCpuOf } from '../processes.js';
import { LOAD_CORE, type RiskContext } from './context.js';
import { createRequestSource, type RequestSourceSpec } from './request-source.js';
import { onSeedCopy } from './seed-copy-api.js';

export type ThroughputScenario = 'score' | 'ingest-one';

export interface ThroughputRun {
  scenario: ThroughputScenario;
  round: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  serverCpuMicrosPerRequest: number;
}

const PROCEDURE: Record<ThroughputScenario, string> = {
  score: 'transactions.score',
  'ingest-one': 'transactions.ingest',
};

function sourceSpec(context: RiskContext, scenario: ThroughputScenario): RequestSourceSpec {
  return {
    kind: scenario,
    populationSeed: context.population.seed,
    streamSeed: scenario === 'score' ? 0x5c0e : 0x1a6e,
    txIdPrefix: scenario === 'score' ? '5C0E0000' : '1A6E0000',
  };
}

/** One request before the load, so a broken setup fails with the API's own answer. */
async function probe(url: string, headers: Record<string, string>, body: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  }
}

export function measureThroughput(
  context: RiskContext,
  scenario: ThroughputScenario,
  round: number,
): Promise<ThroughputRun> {
  return onSeedCopy(context, scenario, round, async ({ api, headers }) => {
    const url = `${api.baseUrl}/trpc/${PROCEDURE[scenario]}`;
    const spec = sourceSpec(context, scenario);
    // The probe's source has its own prefix: its row never collides with the load's.
    await probe(url, headers, createRequestSource({ ...spec, txIdPrefix: 'F00BE000' }).nextBody());
    const { outcome, cpuMicros: cpu } = await withCpuOf(api.process.pid, () =>
      runLoad(context.taskset, LOAD_CORE, context.paths.benchDir, {
        url,
        headers,
        connections: context.options.connections,
        warmupSeconds: context.options.warmupSeconds,
        durationSeconds: context.options.durationSeconds,
        requestSource: spec,
      }),
    );
    return {
      scenario,
      round,
      requestsPerSecond: outcome.requestsPerSecond,
      latencyP50Ms: outcome.latencyP50Ms,
      latencyP99Ms: outcome.latencyP99Ms,
      requests: outcome.requests,
      // The CPU covers the warm-up too: divide by every response of both parts.
      serverCpuMicrosPerRequest: cpu / (outcome.requests + outcome.warmupRequests),
    };
  });
}
