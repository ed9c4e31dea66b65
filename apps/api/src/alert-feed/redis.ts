/**
 * Several API instances (REDIS_URL set): each instance tells its own subscribers at once and
 * announces the alerts on one Redis channel, `<REDIS_KEY_PREFIX>alerts`, which every instance
 * reads through a connection of its own (a subscribed connection can do nothing else).
 *
 * Redis is never a dependency of an ingest: publishing goes through the shared fail-fast
 * connection and a failure is logged, remembered and made good with a `resync` announcement once
 * Redis answers again. The subscribing connection reconnects by itself; every time its
 * subscription is (re)established, this instance's subscribers catch up from the database.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Alert } from '@klerno/db';
import { reconnectDelayMs, redactRedisUrl } from '../redis.js';
import { decodeFeedMessage, encodeFeedMessage, type FeedMessage } from './codec.js';
import { createLocalFanOut } from './fan-out.js';
import type { AlertFeed, AlertFeedLogger } from './types.js';

/** What the feed needs of the shared connection: publishing, and hearing it is back. */
export interface FeedPublisher {
  publish(channel: string, message: string): Promise<number>;
  on(event: 'ready', listener: () => void): unknown;
  off(event: 'ready', listener: () => void): unknown;
}

export interface RedisAlertFeedOptions {
  url: string;
  /** REDIS_KEY_PREFIX; the channel is `<keyPrefix>alerts` (ioredis does not prefix channels). */
  keyPrefix: string;
  /** The process's shared, fail-fast connection (redis.ts). */
  publisher: FeedPublisher;
  logger?: AlertFeedLogger;
  /** Default 500 ms: one connection attempt of the subscriber. */
  connectTimeoutMs?: number;
  /** Default 2000 ms: the longest pause between the subscriber's reconnection attempts. */
  maxReconnectDelayMs?: number;
  /** Default 2000 ms: a SUBSCRIBE not confirmed by then drops the connection to start over. */
  subscribeTimeoutMs?: number;
}

const silent: AlertFeedLogger = { info: () => undefined, warn: () => undefined };

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/rediss?:\/\/[^\s]*/gi, (found) => redactRedisUrl(found));
}

export function alertChannel(keyPrefix: string): string {
  return `${keyPrefix}alerts`;
}

export function createRedisAlertFeed(options: RedisAlertFeedOptions): AlertFeed {
  const logger = options.logger ?? silent;
  const channel = alertChannel(options.keyPrefix);
  const origin = randomUUID();
  const where = redactRedisUrl(options.url);
  const local = createLocalFanOut((error) =>
    logger.warn({ err: error }, 'an alert subscriber failed to take an alert'),
  );
  let closing = false;

  // ---- publishing --------------------------------------------------------------------------

  /** Organizations whose alerts could not be announced: a `resync` goes out once Redis is back. */
  const unannounced = new Set<string>();
  let publishFailing = false;

  const send = async (message: FeedMessage): Promise<void> => {
    await options.publisher.publish(channel, encodeFeedMessage(message));
    if (publishFailing) {
      publishFailing = false;
      logger.info({ redis: where }, 'alert feed: announcing alerts through Redis again');
    }
  };

  const failedToSend = (organizationId: string, error: unknown) => {
    unannounced.add(organizationId);
    if (publishFailing || closing) return;
    publishFailing = true;
    logger.warn(
      { redis: where, reason: describe(error) },
      'alert feed: could not announce alerts through Redis; subscribers on other instances catch up once it answers',
    );
  };

  const announceResyncs = () => {
    for (const organizationId of [...unannounced]) {
      unannounced.delete(organizationId);
      send({ kind: 'resync', origin, organizationId }).catch((error: unknown) =>
        failedToSend(organizationId, error),
      );
    }
  };
  options.publisher.on('ready', announceResyncs);

  // ---- subscribing -------------------------------------------------------------------------

  const subscriber = new Redis(options.url, {
    // Subscribing is done here on every 'ready', so the catch-up starts after it is confirmed.
    autoResubscribe: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs ?? 500,
    retryStrategy: (attempt) =>
      closing ? null : reconnectDelayMs(attempt, options.maxReconnectDelayMs ?? 2000),
    lazyConnect: false,
  });
  let subscribed = false;
  let outageLogged = false;

  const lost = (reason: string) => {
    const was = subscribed;
    subscribed = false;
    if (closing || outageLogged || !was) return;
    outageLogged = true;
    logger.warn(
      { redis: where, reason },
      'alert feed: lost the Redis subscription; subscribers on this instance catch up when it is back',
    );
  };

  const subscribe = async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        subscriber.subscribe(channel),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('SUBSCRIBE was not confirmed in time')),
            options.subscribeTimeoutMs ?? 2000,
          );
        }),
      ]);
    } catch (error) {
      if (closing) return;
      logger.warn({ redis: where, reason: describe(error) }, 'alert feed: could not subscribe');
      subscriber.disconnect(true);
      return;
    } finally {
      clearTimeout(timer);
    }
    subscribed = true;
    if (outageLogged) logger.info({ redis: where }, 'alert feed: Redis subscription restored');
    outageLogged = false;
    // Whatever was announced while the subscription was down is in the database.
    local.gap();
  };

  subscriber.on('ready', () => void subscribe());
  subscriber.on('error', (error: unknown) => lost(describe(error)));
  subscriber.on('close', () => lost('connection closed'));
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    const message = decodeFeedMessage(text);
    if (message === null) {
      logger.warn({ channel }, 'alert feed: ignored a message that is not an alert announcement');
      return;
    }
    if (message.origin === origin) return;
    if (message.kind === 'alerts') local.deliver(message.organizationId, message.alerts);
    else local.gap(message.organizationId);
  });

  return {
    publish(organizationId: string, alerts: readonly Alert[]) {
      if (alerts.length === 0 || closing) return;
      local.deliver(organizationId, alerts);
      send({ kind: 'alerts', origin, organizationId, alerts: [...alerts] }).catch(
        (error: unknown) => failedToSend(organizationId, error),
      );
    },
    subscribe: (organizationId, listener) => local.subscribe(organizationId, listener),
    async close() {
      closing = true;
      options.publisher.off('ready', announceResyncs);
      local.clear();
      if (subscriber.status === 'end') return;
      try {
        await subscriber.quit();
      } catch {
        subscriber.disconnect();
      }
    },
  };
}
