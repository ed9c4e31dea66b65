/**
 * The load generator, run as its own process pinned to the other core by load.ts:
 * `node --import tsx load-generator.ts '<LoadSpec as JSON>'`. Prints one LoadOutcome as JSON.
 */
import autocannon from 'autocannon';
import type { LoadOutcome, LoadSpec } from './load.js';

function specFrom(argument: string | undefined): LoadSpec {
  if (argument === undefined) throw new Error("usage: load-generator.ts '<LoadSpec JSON>'");
  return JSON.parse(argument) as LoadSpec;
}

async function drive(spec: LoadSpec, durationSeconds: number) {
  return autocannon({
    url: spec.url,
    method: 'GET',
    headers: spec.headers,
    connections: spec.connections,
    duration: durationSeconds,
    pipelining: 1,
  });
}

const spec = specFrom(process.argv[2]);
let warmupRequests = 0;
if (spec.warmupSeconds > 0) {
  const warmup = await drive(spec, spec.warmupSeconds);
  warmupRequests = warmup.requests.total;
}
const result = await drive(spec, spec.durationSeconds);
const outcome: LoadOutcome = {
  requestsPerSecond: result.requests.average,
  latencyP50Ms: result.latency.p50,
  latencyP99Ms: result.latency.p99,
  requests: result.requests.total,
  warmupRequests,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  bytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
};
process.stdout.write(`${JSON.stringify(outcome)}\n`);
