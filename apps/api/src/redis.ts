/**
 * The process's one Redis connection (ioredis), shared by the rate limiter and the revocation
 * list. Redis is an accelerator, never a dependency of a request: commands fail fast while it is
 * away (no offline queue, short timeouts), the client keeps reconnecting in the background, and
 * connection errors are logged once per outage instead of being thrown anywhere.
 */
import { Redis } from 'ioredis';

/** "ready": commands are being answered; "degraded": configured but not (yet, or no longer) reachable. */
export type RedisStatus = 'ready' | 'degraded';

export interface RedisLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface RedisConnectionOptions {
  /** Prepended to every key (ioredis `keyPrefix`); isolates deployments and tests sharing a Redis. */
  keyPrefix?: string;
  logger?: RedisLogger;
  /** Default 500 ms: how long one connection attempt may take. */
  connectTimeoutMs?: number;
  /** Default 500 ms: a command not answered by then fails (the caller falls back). */
  commandTimeoutMs?: number;
  /** Default 2000 ms: the longest pause between reconnection attempts. */
  maxReconnectDelayMs?: number;
}

/**
 * What procedures and readiness may see of the connection: its health, never the ioredis client
 * (the router's type, and so the SDK's, must not reach into ioredis).
 */
export interface RedisHealth {
  /** Where the connection stands now (no I/O). */
  status(): RedisStatus;
  /** PING within `timeoutMs`: "ok", or "degraded" when it errs or takes longer. Never throws. */
  ping(timeoutMs?: number): Promise<'ok' | 'degraded'>;
}

export interface RedisConnection extends RedisHealth {
  client: Redis;
  /** Closes the connection and stops reconnecting. */
  close(): Promise<void>;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 500;
const DEFAULT_COMMAND_TIMEOUT_MS = 500;
const DEFAULT_MAX_RECONNECT_DELAY_MS = 2000;
const DEFAULT_PING_TIMEOUT_MS = 300;

/** The URL as it may appear in a log line: user name and password removed. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '[unparseable Redis URL]';
  }
}

/** 50 ms, 100 ms, 200 ms … capped: a Redis that comes back is found again within the cap. */
export function reconnectDelayMs(attempt: number, capMs: number): number {
  return Math.min(50 * 2 ** Math.min(Math.max(attempt - 1, 0), 16), capMs);
}

const silentLogger: RedisLogger = { info: () => undefined, warn: () => undefined };

/** Error messages of ioredis carry host and port at most; strip a URL should one slip in. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/rediss?:\/\/[^\s]*/gi, (found) => redactRedisUrl(found));
}

export function createRedisConnection(
  url: string,
  options: RedisConnectionOptions = {},
): RedisConnection {
  const logger = options.logger ?? silentLogger;
  const maxDelay = options.maxReconnectDelayMs ?? DEFAULT_MAX_RECONNECT_DELAY_MS;
  const where = redactRedisUrl(url);
  let status: RedisStatus = 'degraded';
  let outageLogged = false;
  let closing = false;

  const client = new Redis(url, {
    ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
    // A command sent while disconnected fails at once instead of waiting for a reconnection.
    enableOfflineQueue: false,
    connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    // A command in flight when the connection drops fails instead of being replayed later.
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => (closing ? null : reconnectDelayMs(attempt, maxDelay)),
    // The first connection is made in the background too: startup never waits for Redis.
    lazyConnect: false,
  });

  const markDegraded = (reason: string) => {
    const wasReady = status === 'ready';
    status = 'degraded';
    if (closing || outageLogged) return;
    outageLogged = true;
    logger.warn(
      { redis: where, reason },
      wasReady
        ? 'Redis connection lost: using the in-process fallbacks while reconnecting'
        : 'Redis is not reachable: using the in-process fallbacks while connecting',
    );
  };

  client.on('ready', () => {
    const recovered = outageLogged;
    status = 'ready';
    outageLogged = false;
    if (recovered) logger.info({ redis: where }, 'Redis connection restored');
  });
  // Without an 'error' listener ioredis would crash the process on the first connection error.
  client.on('error', (error: unknown) => markDegraded(describe(error)));
  client.on('close', () => markDegraded('connection closed'));
  client.on('end', () => {
    status = 'degraded';
  });

  return {
    client,
    status: () => status,
    async ping(timeoutMs = DEFAULT_PING_TIMEOUT_MS) {
      if (client.status !== 'ready') return 'degraded';
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'degraded'>((resolve) => {
        timer = setTimeout(() => resolve('degraded'), timeoutMs);
      });
      try {
        return await Promise.race([
          client.ping().then(
            () => 'ok' as const,
            () => 'degraded' as const,
          ),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closing = true;
      status = 'degraded';
      if (client.status === 'end') return;
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
