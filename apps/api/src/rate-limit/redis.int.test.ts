/**
 * SPEC §6 with the counters in Redis (the machine's shared Redis, under key prefixes of this
 * file's own, deleted afterwards), plus what only Redis adds: one quota for several servers,
 * and the insurance limiter answering when Redis cannot.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKey, signUp } from '../testing/admin-http.js';
import { callFrom } from '../testing/from-address.js';
import { describeRateLimits } from '../testing/rate-limit-scenarios.js';
import {
  deleteKeysUnder,
  freePort,
  inspectingClient,
  keysUnder,
  SHARED_TEST_REDIS_URL,
  uniqueRedisKeyPrefix,
} from '../testing/redis.js';
import {
  GENEROUS_RATE_LIMITS,
  startTestServer,
  type RunningTestServer,
  type TestServerOptions,
} from '../testing/server.js';

let inspector: Redis;
const prefixes: string[] = [];

beforeAll(() => {
  inspector = inspectingClient(SHARED_TEST_REDIS_URL);
});

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeysUnder(inspector, prefix);
  inspector?.disconnect();
});

/** A server on the shared Redis, once its connection is up (before that, insurance answers). */
async function startOnRedis(
  env: Record<string, string>,
  prefix = uniqueRedisKeyPrefix(),
  options: TestServerOptions = {},
): Promise<RunningTestServer> {
  prefixes.push(prefix);
  const api = await startTestServer({
    ...options,
    env: { ...env, REDIS_URL: SHARED_TEST_REDIS_URL },
    redisKeyPrefix: prefix,
  });
  await vi.waitFor(() => expect(api.server.redis?.status()).toBe('ready'), { timeout: 5000 });
  return api;
}

describeRateLimits('redis', (env) => startOnRedis(env));

describe('rate limits in Redis', () => {
  it("keeps the counters in Redis under the server's key prefix, never an email in clear", async () => {
    const prefix = uniqueRedisKeyPrefix();
    const api = await startOnRedis({ ...GENEROUS_RATE_LIMITS }, prefix);
    try {
      const admin = await signUp(api.url);
      await callFrom(
        '127.0.0.1',
        api.url,
        'auth.login',
        {
          email: admin.email,
          password: 'not the password',
        },
        null,
      );
      await callFrom('127.0.0.1', api.url, 'auth.me', undefined, admin.credential);
      const keys = await keysUnder(inspector, prefix);
      expect(keys).toEqual(
        expect.arrayContaining([
          `${prefix}rl:auth:ip:127.0.0.1`,
          `${prefix}rl:login:ip:127.0.0.1`,
          `${prefix}rl:read:ip:127.0.0.1`,
          `${prefix}rl:read:identity:user:${admin.id}`,
        ]),
      );
      expect(keys.some((key) => key.startsWith(`${prefix}rl:login:failures:`))).toBe(true);
      expect(keys.join('\n')).not.toContain(admin.email);
    } finally {
      await api.close();
    }
  });

  it('gives two servers on one Redis one quota: L requests in total, not 2L', async () => {
    const prefix = uniqueRedisKeyPrefix();
    const env = { ...GENEROUS_RATE_LIMITS, RATE_LIMIT_READ: '10' };
    const first = await startOnRedis(env, prefix);
    const second = await startOnRedis(env, prefix, { store: first.server.store });
    try {
      const admin = await signUp(first.url);
      const { secret } = await createKey(first.url, admin, 'viewer');
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          callFrom(
            '127.0.0.1',
            i % 2 === 0 ? first.url : second.url,
            'transactions.list',
            {},
            {
              apiKey: secret,
            },
          ),
        ),
      );
      expect(results.filter((result) => result.status === 200)).toHaveLength(10);
      expect(results.filter((result) => result.status === 429)).toHaveLength(14);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('answers from the insurance limiter, quickly and still limited, when Redis is unreachable', async () => {
    // Nothing listens on this port: every Redis command fails at once.
    const api = await startTestServer({
      env: {
        ...GENEROUS_RATE_LIMITS,
        RATE_LIMIT_READ: '5',
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      },
    });
    try {
      expect(api.server.redis?.status()).toBe('degraded');
      const admin = await signUp(api.url);
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          callFrom('127.0.0.1', api.url, 'auth.me', undefined, admin.credential),
        ),
      );
      expect(performance.now() - started).toBeLessThan(1000);
      expect(results.filter((result) => result.status === 200)).toHaveLength(5);
      expect(results.filter((result) => result.status === 429)).toHaveLength(7);
      expect(results.every((result) => result.headers.get('x-ratelimit-limit') === '5')).toBe(true);
    } finally {
      await api.close();
    }
  });
});
