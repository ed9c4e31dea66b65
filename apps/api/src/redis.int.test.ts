import { afterAll, describe, expect, it } from 'vitest';
import {
  createRedisConnection,
  reconnectDelayMs,
  redactRedisUrl,
  type RedisLogger,
} from './redis.js';
import {
  deleteKeysUnder,
  freePort,
  inspectingClient,
  SHARED_TEST_REDIS_URL,
  startPrivateRedis,
  uniqueRedisKeyPrefix,
} from './testing/redis.js';

const prefix = uniqueRedisKeyPrefix();
const inspector = inspectingClient(SHARED_TEST_REDIS_URL);
afterAll(async () => {
  await deleteKeysUnder(inspector, prefix);
  inspector.disconnect();
});

function recordingLogger() {
  const lines: Array<{ level: 'info' | 'warn'; details: object; message: string }> = [];
  const logger: RedisLogger = {
    info: (details, message) => lines.push({ level: 'info', details, message }),
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
  };
  return { logger, lines };
}

/** Polls `probe` until it holds, up to `deadlineMs`; no fixed sleeps. */
async function eventually(probe: () => boolean | Promise<boolean>, deadlineMs = 5_000) {
  const until = Date.now() + deadlineMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`not within ${deadlineMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('redactRedisUrl', () => {
  it('drops user and password, keeps where', () => {
    expect(redactRedisUrl('redis://admin:s3cret@cache.internal:6380/2')).toBe(
      'redis://cache.internal:6380/2',
    );
    expect(redactRedisUrl('not a url')).not.toContain('not a url');
  });
});

describe('reconnectDelayMs', () => {
  it('backs off and stays under the cap', () => {
    expect(reconnectDelayMs(1, 2000)).toBe(50);
    expect(reconnectDelayMs(2, 2000)).toBe(100);
    expect(reconnectDelayMs(50, 2000)).toBe(2000);
    expect(reconnectDelayMs(1000, 2000)).toBe(2000);
  });
});

describe('createRedisConnection', () => {
  it('answers PING and writes under its key prefix', async () => {
    const connection = createRedisConnection(SHARED_TEST_REDIS_URL, { keyPrefix: prefix });
    try {
      await eventually(() => connection.status() === 'ready');
      expect(await connection.ping()).toBe('ok');
      await connection.client.set('probe', '1', 'EX', 60);
      expect(await inspector.get(`${prefix}probe`)).toBe('1');
    } finally {
      await connection.close();
    }
    expect(connection.status()).toBe('degraded');
  });

  it('with nobody listening: degraded, commands fail fast, one warning without the password', async () => {
    const port = await freePort();
    const { logger, lines } = recordingLogger();
    const connection = createRedisConnection(`redis://user:hunter2@127.0.0.1:${port}`, {
      logger,
    });
    try {
      expect(connection.status()).toBe('degraded');
      const started = Date.now();
      await expect(connection.client.get('anything')).rejects.toThrow();
      expect(await connection.ping()).toBe('degraded');
      expect(Date.now() - started).toBeLessThan(500);
      await eventually(() => lines.length > 0);
      // Several reconnection attempts happen in the background; the outage is told once.
      await eventually(() => connection.client.status === 'reconnecting');
      expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1);
      expect(JSON.stringify(lines)).not.toContain('hunter2');
    } finally {
      await connection.close();
    }
  });

  it('comes back by itself when Redis returns, and says so', async () => {
    const redis = await startPrivateRedis();
    const { logger, lines } = recordingLogger();
    const connection = createRedisConnection(redis.url, { logger, maxReconnectDelayMs: 200 });
    try {
      await eventually(() => connection.status() === 'ready');
      await redis.kill();
      await eventually(() => connection.status() === 'degraded');
      expect(await connection.ping()).toBe('degraded');
      await redis.restart();
      await eventually(() => connection.status() === 'ready');
      expect(await connection.ping()).toBe('ok');
      expect(lines.map((line) => line.message)).toEqual([
        expect.stringMatching(/connection lost/),
        expect.stringMatching(/restored/),
      ]);
    } finally {
      await connection.close();
      await redis.stop();
    }
  });
});
