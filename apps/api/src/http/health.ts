import type { FastifyInstance } from 'fastify';
import type { Store } from '@klerno/db';
import type { RedisConnection } from '../redis.js';
import { version } from '../version.js';

/** A readiness probe must answer quickly even when the database hangs. */
const DB_PING_TIMEOUT_MS = 2000;
const REDIS_PING_TIMEOUT_MS = 300;

export type RedisCheck = 'ok' | 'degraded' | 'disabled';

export interface Readiness {
  store: Store;
  /** Null when REDIS_URL is not set. */
  redis: RedisConnection | null;
  /** True from the moment shutdown begins: load balancers should stop sending traffic. */
  isDraining(): boolean;
}

async function pingDatabase(store: Store): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('ping timed out')), DB_PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([store.ping(), timeout]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  // Liveness: the process answers. Never touches the database.
  app.get('/health', (_request, reply) => {
    void reply.header('Cache-Control', 'no-store');
    return reply.send({ status: 'ok', uptime_seconds: Math.floor(process.uptime()), version });
  });

  // Readiness: the process can do useful work. A Redis outage is reported ("degraded") but keeps
  // the instance ready: limits fall back to the in-memory insurance limiter, revocations to the
  // database. Without the database nothing works: 503.
  app.get('/ready', async (_request, reply) => {
    void reply.header('Cache-Control', 'no-store');
    const [db, redis] = await Promise.all([
      pingDatabase(readiness.store),
      readiness.redis ? readiness.redis.ping(REDIS_PING_TIMEOUT_MS) : ('disabled' as const),
    ]);
    const checks: { db: 'ok' | 'unreachable'; redis: RedisCheck } = { db, redis };
    const draining = readiness.isDraining();
    if (draining || checks.db !== 'ok') {
      return reply
        .code(503)
        .send({ status: 'not_ready', checks, ...(draining ? { draining: true } : {}) });
    }
    return reply.send({ status: 'ready', checks });
  });
}
