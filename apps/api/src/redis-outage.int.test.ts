/**
 * Redis stops in the middle of a run and comes back (the test's own redis-server on a spare
 * port): the API keeps answering, limited by its in-memory insurance limiter, never with a 5xx
 * and never waiting long for Redis; /ready says "degraded" and then "ok" again, and the counters
 * live in Redis again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestServer, type RunningTestServer } from './testing/server.js';
import {
  keysUnder,
  startPrivateRedis,
  uniqueRedisKeyPrefix,
  type PrivateRedis,
} from './testing/redis.js';

const CSP_REPORT_LIMIT = 5;
/** "No request waits longer than a second for Redis" (issue 4). */
const MAX_REQUEST_MS = 1_000;
const RECOVERY_DEADLINE_MS = 10_000;

const prefix = uniqueRedisKeyPrefix();
let redis: PrivateRedis;
let inspector: Redis;
let api: RunningTestServer;

beforeAll(async () => {
  redis = await startPrivateRedis();
  inspector = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  // Without a listener, ioredis reports its own reconnection errors as unhandled.
  inspector.on('error', () => undefined);
  api = await startTestServer({
    env: { REDIS_URL: redis.url, RATE_LIMIT_CSP_REPORT: String(CSP_REPORT_LIMIT) },
    redisKeyPrefix: prefix,
  });
}, 30_000);

afterAll(async () => {
  await api?.close();
  inspector?.disconnect();
  await redis?.stop();
});

interface Timed {
  status: number;
  ms: number;
}

async function timed(request: () => Promise<Response>): Promise<Timed> {
  const started = performance.now();
  const response = await request();
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

const sendReport = () =>
  timed(() =>
    fetch(`${api.url}/csp-report`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({ 'csp-report': { 'violated-directive': 'img-src' } }),
    }),
  );
const callProcedure = () => timed(() => fetch(`${api.url}/trpc/system.health`));

async function readiness(): Promise<{ status: number; redis: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${api.url}/ready`);
  const body = (await response.json()) as { checks: { redis: string } };
  return { status: response.status, redis: body.checks.redis, ms: performance.now() - started };
}

/** Repeats `probe` until it holds, within a bounded deadline. */
async function within<T>(deadlineMs: number, probe: () => Promise<T | null>): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > until) throw new Error(`not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const cspReportKeys = async () =>
  (await keysUnder(inspector, prefix)).filter((key) => key.includes('csp-report'));

describe('a Redis outage during a run', () => {
  it('starts on Redis: /ready says ok and the counters are kept in Redis', async () => {
    await within(RECOVERY_DEADLINE_MS, async () =>
      (await readiness()).redis === 'ok' ? true : null,
    );
    expect(await readiness()).toMatchObject({ status: 200, redis: 'ok' });
    expect((await sendReport()).status).toBe(204);
    expect(await cspReportKeys()).toHaveLength(1);
  });

  it('while Redis is down: answered without 5xx or long waits, limited in memory, ready but degraded', async () => {
    await redis.kill();

    const results: Timed[] = [];
    // In waves, so both the first failures and the later (bypassed) calls are measured.
    for (let wave = 0; wave < 3; wave += 1) {
      results.push(
        ...(await Promise.all([
          ...Array.from({ length: CSP_REPORT_LIMIT }, sendReport),
          callProcedure(),
        ])),
      );
    }
    for (const result of results) {
      expect(result.status).toBeLessThan(500);
      expect(result.ms).toBeLessThan(MAX_REQUEST_MS);
    }
    const reports = results.filter(
      (_, index) => index % (CSP_REPORT_LIMIT + 1) !== CSP_REPORT_LIMIT,
    );
    // The insurance limiter starts empty: the limit holds again, in this process's memory.
    expect(reports.filter((result) => result.status === 204)).toHaveLength(CSP_REPORT_LIMIT);
    expect(reports.filter((result) => result.status === 429)).toHaveLength(CSP_REPORT_LIMIT * 2);

    const ready = await readiness();
    expect(ready).toMatchObject({ status: 200, redis: 'degraded' });
    expect(ready.ms).toBeLessThan(MAX_REQUEST_MS);
  });

  it('after Redis returns: /ready says ok again and the counters are in Redis again', async () => {
    await redis.restart();
    await within(RECOVERY_DEADLINE_MS, async () =>
      (await readiness()).redis === 'ok' ? true : null,
    );
    // The restarted Redis is empty: a report kept in Redis shows up as a key of its own.
    expect(await cspReportKeys()).toEqual([]);
    const accepted = await within(RECOVERY_DEADLINE_MS, async () => {
      const result = await sendReport();
      expect(result.status).toBeLessThan(500);
      return (await cspReportKeys()).length > 0 ? result : null;
    });
    // Redis's fresh window accepts what the exhausted insurance window refused.
    expect(accepted.status).toBe(204);
  });
});
