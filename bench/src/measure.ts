import { NEVER_REFUSING_LIMIT, startApi, type RateLimiting } from './api-server.js';
import { startFastifyAnchor } from './fastify-anchor.js';
import { runLoad, type LoadSpec } from './load.js';
import type { BenchOptions, ConfigurationId } from './options.js';
import { cpuTimeMicros, type PinnedProcess } from './processes.js';
import type { RedisProbe } from './redis-store.js';

/** taskset cores: the server under test on one, the load generator on the other. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

export interface RunContext {
  options: BenchOptions;
  repoRoot: string;
  benchDir: string;
  taskset: string;
  /** The API's `transactions.list` body, served back by the Fastify anchor. */
  referenceBodyFile: string;
  referenceBodyBytes: number;
  /** An API run's Authorization header, sent to the anchor too so requests are the same size. */
  referenceHeaders: Record<string, string>;
  redis: RedisProbe | null;
  profileDir: string | undefined;
}

export interface RunResult {
  configuration: ConfigurationId;
  round: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Server CPU time per response (the server is the only thing on its core). */
  serverCpuMicrosPerRequest: number;
  /** Redis CPU per response (trpc-redis only; Redis is shared, so other clients add to it). */
  redisCpuMicrosPerRequest: number | null;
  /** Points the API's read limiter took for the identity during the run (null when off). */
  limiterPointsCounted: number | null;
  /** Of those, the points found in Redis afterwards (trpc-redis only). */
  redisPointsCounted: number | null;
  /** Responses the run expects the limiter to have counted: warm-up + measured + probes. */
  responsesSent: number;
  bodyBytes: number;
  /** Remarks on the run's validity (e.g. the insurance limiter answered for Redis). */
  warnings: string[];
}

const RATE_LIMITING_OF: Record<Exclude<ConfigurationId, 'fastify-bare'>, RateLimiting> = {
  'trpc-off': 'off',
  'trpc-memory': 'memory',
  'trpc-redis': 'redis',
};

interface Probe {
  status: number;
  bodyBytes: number;
  limit: string | null;
  remaining: string | null;
}

async function probe(url: string, headers: Record<string, string>): Promise<Probe> {
  const response = await fetch(url, { headers });
  const body = await response.text();
  return {
    status: response.status,
    bodyBytes: Buffer.byteLength(body),
    limit: response.headers.get('x-ratelimit-limit'),
    remaining: response.headers.get('x-ratelimit-remaining'),
  };
}

function checkProbe(
  configuration: ConfigurationId,
  rateLimiting: RateLimiting | null,
  seen: Probe,
) {
  if (seen.status !== 200) throw new Error(`${configuration}: the read answered ${seen.status}`);
  if (rateLimiting === 'off' && seen.limit !== null) {
    throw new Error(
      `${configuration}: RATE_LIMIT_ENABLED=false was not honoured (rate-limit headers sent)`,
    );
  }
  if (
    rateLimiting !== null &&
    rateLimiting !== 'off' &&
    seen.limit !== String(NEVER_REFUSING_LIMIT)
  ) {
    throw new Error(
      `${configuration}: expected X-RateLimit-Limit ${NEVER_REFUSING_LIMIT}, got ${seen.limit ?? 'none'}: ` +
        'is rate limiting on and RATE_LIMIT_READ honoured?',
    );
  }
}

function loadSpec(context: RunContext, url: string, headers: Record<string, string>): LoadSpec {
  const { options } = context;
  return {
    url,
    headers,
    connections: options.connections,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
  };
}

async function measureServer(
  context: RunContext,
  server: PinnedProcess,
  spec: LoadSpec,
  redis: RedisProbe | null,
) {
  const serverCpuBefore = cpuTimeMicros(server.pid);
  const redisCpuBefore = redis ? await redis.cpuTimeMicros() : 0;
  const outcome = await runLoad(context.taskset, LOAD_CORE, context.benchDir, spec);
  const serverCpu = cpuTimeMicros(server.pid) - serverCpuBefore;
  const redisCpu = redis ? (await redis.cpuTimeMicros()) - redisCpuBefore : null;
  // The CPU covers the warm-up too: divide by every response of both parts.
  const responses = outcome.requests + outcome.warmupRequests;
  return {
    outcome,
    serverCpuMicrosPerRequest: serverCpu / responses,
    redisCpuMicrosPerRequest: redisCpu === null ? null : redisCpu / responses,
  };
}

async function measureAnchor(context: RunContext, round: number): Promise<RunResult> {
  const anchor = await startFastifyAnchor({
    taskset: context.taskset,
    core: SERVER_CORE,
    cwd: context.benchDir,
    bodyFile: context.referenceBodyFile,
  });
  try {
    const headers = context.referenceHeaders;
    const seen = await probe(anchor.listUrl, headers);
    checkProbe('fastify-bare', null, seen);
    const warnings =
      seen.bodyBytes === context.referenceBodyBytes
        ? []
        : [`body is ${seen.bodyBytes} bytes, the API's ${context.referenceBodyBytes}`];
    const { outcome, serverCpuMicrosPerRequest } = await measureServer(
      context,
      anchor.process,
      loadSpec(context, anchor.listUrl, headers),
      null,
    );
    return {
      configuration: 'fastify-bare',
      round,
      requestsPerSecond: outcome.requestsPerSecond,
      latencyP50Ms: outcome.latencyP50Ms,
      latencyP99Ms: outcome.latencyP99Ms,
      requests: outcome.requests,
      serverCpuMicrosPerRequest,
      redisCpuMicrosPerRequest: null,
      limiterPointsCounted: null,
      redisPointsCounted: null,
      responsesSent: outcome.requests + outcome.warmupRequests + 1,
      bodyBytes: seen.bodyBytes,
      warnings,
    };
  } finally {
    await anchor.stop();
  }
}

/**
 * The prefix of every key the API writes (apps/api/src/server.ts; no setting changes it). The
 * bench's logical database keeps them apart from everyone else's; they are deleted after each run.
 */
const API_REDIS_PREFIX = 'klerno:';

/** Before any load: one request must have left its counters in the bench's Redis database. */
async function checkCountersInRedis(redis: RedisProbe): Promise<void> {
  if ((await redis.keys(API_REDIS_PREFIX)).length > 0) return;
  throw new Error(
    `trpc-redis: no rate-limit counter in Redis database ${redis.database} after a request: ` +
      'is the API using Redis?',
  );
}

async function measureApi(
  context: RunContext,
  configuration: Exclude<ConfigurationId, 'fastify-bare'>,
  round: number,
): Promise<RunResult> {
  const rateLimiting = RATE_LIMITING_OF[configuration];
  const redis = rateLimiting === 'redis' ? context.redis : null;
  if (rateLimiting === 'redis' && !redis) throw new Error('trpc-redis needs a Redis connection');
  const api = await startApi({
    repoRoot: context.repoRoot,
    taskset: context.taskset,
    core: SERVER_CORE,
    rateLimiting,
    ...(redis ? { redisUrl: redis.url } : {}),
    ...(context.profileDir ? { profileDir: context.profileDir } : {}),
  });
  try {
    const { headers } = api.account;
    const before = await probe(api.listUrl, headers);
    checkProbe(configuration, rateLimiting, before);
    if (redis) await checkCountersInRedis(redis);
    const warnings: string[] = [];
    const measured = await measureServer(
      context,
      api.process,
      loadSpec(context, api.listUrl, headers),
      redis,
    );
    const after = await probe(api.listUrl, headers);
    checkProbe(configuration, rateLimiting, after);
    const { outcome } = measured;
    // The limiter may count up to one request per connection more at the end of the warm-up and
    // of the run: served, but no longer counted by autocannon.
    const responsesSent = outcome.warmupRequests + outcome.requests + 2;
    if (before.bodyBytes !== context.referenceBodyBytes) {
      warnings.push(
        `body is ${before.bodyBytes} bytes, the reference ${context.referenceBodyBytes}`,
      );
    }
    const limiterPointsCounted =
      after.remaining === null ? null : NEVER_REFUSING_LIMIT - Number(after.remaining);
    let redisPointsCounted: number | null = null;
    if (redis) {
      redisPointsCounted = await redis.readIdentityPoints(API_REDIS_PREFIX);
      if (redisPointsCounted < responsesSent) {
        warnings.push(
          `Redis counted ${redisPointsCounted} of ${responsesSent} responses: the insurance limiter answered the rest`,
        );
      }
    }
    if (limiterPointsCounted !== null && limiterPointsCounted < responsesSent) {
      warnings.push(`the limiter counted ${limiterPointsCounted} of ${responsesSent} responses`);
    }
    return {
      configuration,
      round,
      requestsPerSecond: outcome.requestsPerSecond,
      latencyP50Ms: outcome.latencyP50Ms,
      latencyP99Ms: outcome.latencyP99Ms,
      requests: outcome.requests,
      serverCpuMicrosPerRequest: measured.serverCpuMicrosPerRequest,
      redisCpuMicrosPerRequest: measured.redisCpuMicrosPerRequest,
      limiterPointsCounted,
      redisPointsCounted,
      responsesSent,
      bodyBytes: before.bodyBytes,
      warnings,
    };
  } finally {
    await api.stop();
    if (redis) await redis.deleteAll(API_REDIS_PREFIX);
  }
}

export function measure(
  context: RunContext,
  configuration: ConfigurationId,
  round: number,
): Promise<RunResult> {
  return configuration === 'fastify-bare'
    ? measureAnchor(context, round)
    : measureApi(context, configuration, round);
}
