/**
 * The load generator, run as its own process pinned to the other core by load.ts:
 * `node --import tsx load-generator.ts '<LoadSpec as JSON>'`. Prints one LoadOutcome as JSON.
 */
import autocannon, { type Request } from 'autocannon';
import type { LoadOutcome, LoadSpec } from './load.js';
import { createRequestSource } from './risk/request-source.js';

function specFrom(argument: string | undefined): LoadSpec {
  if (argument === undefined) throw new Error("usage: load-generator.ts '<LoadSpec JSON>'");
  return JSON.parse(argument) as LoadSpec;
}

const spec = specFrom(process.argv[2]);
const source = spec.requestSource ? createRequestSource(spec.requestSource) : null;
let unexpectedBodies = 0;

/** One POST per call, each with the source's next body (a new transaction every time). */
function sourcedRequests(): Request[] | undefined {
  if (!source) return undefined;
  const path = new URL(spec.url).pathname;
  return [
    {
      method: 'POST',
      path,
      headers: { ...spec.headers, 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: source.nextBody() }),
      onResponse: (status, body) => {
        if (status === 200 && !body.includes(source.expectInBody)) unexpectedBodies += 1;
      },
    },
  ];
}

async function drive(durationSeconds: number) {
  const requests = sourcedRequests();
  return autocannon({
    url: spec.url,
    method: 'GET',
    headers: spec.headers,
    connections: spec.connections,
    duration: durationSeconds,
    pipelining: 1,
    ...(requests ? { requests } : {}),
  });
}

let warmupRequests = 0;
if (spec.warmupSeconds > 0) {
  const warmup = await drive(spec.warmupSeconds);
  warmupRequests = warmup.requests.total;
}
const result = await drive(spec.durationSeconds);
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
  unexpectedBodies,
};
process.stdout.write(`${JSON.stringify(outcome)}\n`);
