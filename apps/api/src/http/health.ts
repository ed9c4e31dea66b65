import type { FastifyInstance } from 'fastify';
import type { Store } from '@klerno/db';
import { version } from '../version.js';

/** A readiness probe must answer quickly even when the database hangs. */
const DB_PING_TIMEOUT_MS = 2000;

export interface Readiness {
  store: Store;
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

  // Readiness: the process can do useful work. Redis is not used before issue 4, so it reports "disabled".
  app.get('/ready', async (_request, reply) => {
    void reply.header('Cache-Control', 'no-store');
    const checks = { db: await pingDatabase(readiness.store), redis: 'disabled' as const };
    const draining = readiness.isDraining();
    if (draining || checks.db !== 'ok') {
      return reply
        .code(503)
        .send({ status: 'not_ready', checks, ...(draining ? { draining: true } : {}) });
    }
    return reply.send({ status: 'ready', checks });
  });
}
