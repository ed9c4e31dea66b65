/**
 * The Redis alert feed against a real Redis: the shared one under a key prefix of the test's own,
 * and a private redis-server for outages.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { uuidv7, type Alert } from '@klerno/db';
import { createRedisConnection, type RedisConnection } from '../redis.js';
import {
  inspectingClient,
  SHARED_TEST_REDIS_URL,
  startPrivateRedis,
  uniqueRedisKeyPrefix,
} from '../testing/redis.js';
import {
  alertChannel,
  createRedisAlertFeed,
  type AlertFeed,
  type AlertFeedLogger,
} from './index.js';

const inspector = inspectingClient(SHARED_TEST_REDIS_URL);
afterAll(() => inspector.disconnect());

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function recordingLogger() {
  const lines: Array<{ level: 'info' | 'warn'; message: string; details: object }> = [];
  const logger: AlertFeedLogger = {
    info: (details, message) => lines.push({ level: 'info', message, details }),
    warn: (details, message) => lines.push({ level: 'warn', message, details }),
  };
  return { logger, lines };
}

/** Polls `probe` until it holds; no fixed sleeps. */
async function eventually(probe: () => boolean, deadlineMs = 5_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!probe()) {
    if (Date.now() > until) throw new Error(`not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function alertOf(organizationId: string): Alert {
  const at = new Date().toISOString();
  return {
    id: uuidv7(),
    organizationId,
    transactionId: uuidv7(),
    transaction: {
      txId: 'A1B2C3',
      chain: 'xrpl',
      timestamp: at,
      fromAddress: 'rFrom',
      toAddress: 'rTo',
      amount: '20000.5',
      currency: 'XRP',
      direction: 'out',
    },
    ownerUserId: null,
    threshold: 0.75,
    riskScore: 0.8,
    riskBucket: 'high',
    riskFlags: ['outgoing'],
    createdAt: at,
    status: 'open',
    outcome: null,
    assigneeId: null,
    updatedAt: at,
    closedAt: null,
    version: 1,
  };
}

/** What one listener heard. */
function recorder() {
  const heard = { alerts: [] as string[], gaps: 0 };
  return {
    heard,
    listener: {
      alerts: (alerts: readonly Alert[]) => heard.alerts.push(...alerts.map((alert) => alert.id)),
      gap: () => {
        heard.gaps += 1;
      },
    },
  };
}

interface Instance {
  feed: AlertFeed;
  connection: RedisConnection;
  lines: ReturnType<typeof recordingLogger>['lines'];
}

function instance(url: string, keyPrefix: string): Instance {
  const { logger, lines } = recordingLogger();
  const connection = createRedisConnection(url, { keyPrefix, maxReconnectDelayMs: 100 });
  const feed = createRedisAlertFeed({
    url,
    keyPrefix,
    publisher: connection.client,
    logger,
    maxReconnectDelayMs: 100,
  });
  cleanups.push(async () => {
    await feed.close();
    await connection.close();
  });
  return { feed, connection, lines };
}

describe('the Redis alert feed', () => {
  it('delivers across instances within a second, once each, and only to the organization', async () => {
    const prefix = uniqueRedisKeyPrefix();
    const a = instance(SHARED_TEST_REDIS_URL, prefix);
    const b = instance(SHARED_TEST_REDIS_URL, prefix);
    const org = randomUUID();
    const other = randomUUID();
    const onA = recorder();
    const onB = recorder();
    const otherOnB = recorder();
    a.feed.subscribe(org, onA.listener);
    b.feed.subscribe(org, onB.listener);
    b.feed.subscribe(other, otherOnB.listener);
    // Each subscription, once confirmed, tells its listeners to catch up: that is "subscribed".
    await eventually(() => onA.heard.gaps > 0 && onB.heard.gaps > 0);
    await eventually(() => a.connection.status() === 'ready');

    const alert = alertOf(org);
    const sentAt = Date.now();
    a.feed.publish(org, [alert]);
    expect(onA.heard.alerts).toEqual([alert.id]);
    await eventually(() => onB.heard.alerts.length > 0, 1_000);
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(onB.heard.alerts).toEqual([alert.id]);

    // A later announcement for the other organization arrives after the first one would have.
    const second = alertOf(other);
    a.feed.publish(other, [second]);
    await eventually(() => otherOnB.heard.alerts.length > 0, 1_000);
    expect(otherOnB.heard.alerts).toEqual([second.id]);
    expect(onA.heard.alerts).toEqual([alert.id]);
    expect(onB.heard.alerts).toEqual([alert.id]);
  });

  it('keeps deployments with different key prefixes apart, and ignores foreign messages', async () => {
    const prefix = uniqueRedisKeyPrefix();
    const a = instance(SHARED_TEST_REDIS_URL, prefix);
    const elsewhere = instance(SHARED_TEST_REDIS_URL, uniqueRedisKeyPrefix());
    const org = randomUUID();
    const onElsewhere = recorder();
    const onA = recorder();
    elsewhere.feed.subscribe(org, onElsewhere.listener);
    a.feed.subscribe(org, onA.listener);
    await eventually(() => onElsewhere.heard.gaps > 0 && onA.heard.gaps > 0);

    await inspector.publish(alertChannel(prefix), 'not an announcement');
    await inspector.publish(
      alertChannel(prefix),
      JSON.stringify({
        v: 1,
        kind: 'alerts',
        origin: 'x',
        organizationId: org,
        alerts: [alertOf(randomUUID())],
      }),
    );
    await eventually(
      () => a.lines.filter((line) => /ignored a message/.test(line.message)).length === 2,
    );
    expect(onA.heard.alerts).toEqual([]);

    const b = instance(SHARED_TEST_REDIS_URL, prefix);
    await eventually(() => b.connection.status() === 'ready');
    b.feed.publish(org, [alertOf(org)]);
    await eventually(() => onA.heard.alerts.length === 1, 1_000);
    expect(onElsewhere.heard.alerts).toEqual([]);
  });

  it('survives a Redis outage: publishing never throws, and subscribers catch up when it is back', async () => {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const prefix = uniqueRedisKeyPrefix();
    const a = instance(redis.url, prefix);
    const b = instance(redis.url, prefix);
    const org = randomUUID();
    const onA = recorder();
    const onB = recorder();
    a.feed.subscribe(org, onA.listener);
    b.feed.subscribe(org, onB.listener);
    await eventually(() => onA.heard.gaps === 1 && onB.heard.gaps === 1);
    await eventually(() => a.connection.status() === 'ready');

    await redis.kill();
    await eventually(() => a.connection.status() === 'degraded');
    const during = [alertOf(org), alertOf(org)];
    expect(() => a.feed.publish(org, [during[0]!])).not.toThrow();
    expect(() => a.feed.publish(org, [during[1]!])).not.toThrow();
    // This instance's own subscribers are told at once; the failure is logged once.
    expect(onA.heard.alerts).toEqual(during.map((alert) => alert.id));
    await eventually(() => a.lines.some((line) => /could not announce/.test(line.message)));
    expect(a.lines.filter((line) => /could not announce/.test(line.message))).toHaveLength(1);

    await redis.restart();
    // Both subscriptions come back and tell their listeners to catch up from the database; A
    // also announces a resync for the organization it could not announce to.
    await eventually(() => onA.heard.gaps >= 2 && onB.heard.gaps >= 2);
    await eventually(() => a.lines.some((line) => /again/.test(line.message)));
    expect(onB.heard.alerts).toEqual([]);
    expect(b.lines.map((line) => line.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/lost the Redis subscription/),
        expect.stringMatching(/subscription restored/),
      ]),
    );
  });
});
