import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { Settings } from '@klerno/config';
import { openStore, type Store } from '@klerno/db';
import {
  createInProcessAlertFeed,
  createRedisAlertFeed,
  type AlertFeed,
} from './alert-feed/index.js';
import { createAppDeps, createFastifyContextFactory, type Clock } from './context.js';
import { hardLimitsWith, type HardLimits } from './hard-limits.js';
import { registerBatchLimit } from './http/batch-limit.js';
import { clientErrorHandler } from './http/client-errors.js';
import { createConnectionCap } from './http/connection-cap.js';
import { registerConsole } from './http/console.js';
import { registerCspReport } from './http/csp-report.js';
import { RATE_LIMITS_OFF } from './rate-limit/service.js';
import { registerErrorHandlers, type NotFoundFallback } from './http/errors.js';
import { registerHealthRoutes } from './http/health.js';
import { registerJwks } from './http/jwks.js';
import { registerRequestIdHeader, requestIdFor } from './http/request-id.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerSubscriptionCap } from './http/subscription-cap.js';
import { registerTransactionsDownload } from './http/transactions-download.js';
import { trpcPlugin } from './http/trpc-plugin.js';
import { loggerOptions } from './logging.js';
import { createRedisConnection, type RedisConnection } from './redis.js';
import { createServerJobs } from './services/jobs.js';
import { appRouter, type AppRouter } from './router.js';
import { BODY_LIMIT_BYTES } from './upload-limits.js';

export { BODY_LIMIT_BYTES };
const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
const TRPC_PREFIX = '/trpc';

export interface BuildServerOptions {
  /** A store to use instead of opening one from `settings.database`; its owner closes it. */
  store?: Store;
  /** The console's built files; null serves no console; default: apps/web/dist. */
  webDistDir?: string | null;
  /** Where JSON log lines go (default stdout). */
  logDestination?: NodeJS.WritableStream;
  /** Where the SQL migrations are, when not the db package's own folder (the bundle ships a copy). */
  migrationsDir?: string;
  /** How long `stop()` lets in-flight requests finish before cutting connections. */
  drainTimeoutMs?: number;
  /** The time tokens, sessions and audit entries use (tests move it); default: the system clock. */
  clock?: Clock;
  /** Prepended to every Redis key (default: REDIS_KEY_PREFIX); tests sharing one Redis use their own. */
  redisKeyPrefix?: string;
  /** Timeouts and batch size (see hard-limits.ts); tests shrink them. */
  hardLimits?: Partial<HardLimits>;
  /**
   * Serve single tRPC calls on the lean path (http/trpc-plugin.ts); default true. False sends
   * every call through the stock adapter (tests compare the two).
   */
  trpcSingleCallPath?: boolean;
}

export interface KlernoServer {
  app: FastifyInstance;
  store: Store;
  /** The shared Redis connection when REDIS_URL is set; `stop()` closes it. */
  redis: RedisConnection | null;
  /** Listens on settings.host/settings.port (0 picks a free port) and returns the URL to open. */
  start(): Promise<{ url: string }>;
  /** /ready answers 503 from now on; requests are still served. `stop()` does this first. */
  beginDrain(): void;
  /** Stops accepting connections, lets in-flight requests finish (bounded), closes a store it opened. */
  stop(): Promise<void>;
}

/**
 * apps/web/dist, found relative to this module: from source (apps/api/src/server.ts) and from
 * the bundle (apps/api/dist/*.js) alike, both two levels below apps/.
 */
export function defaultWebDistDir(): string {
  return fileURLToPath(new URL('../../web/dist', import.meta.url));
}

/** The router's subscription procedures ('alerts.onAlert'). */
function subscriptionPaths(): Set<string> {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: string } }
  >;
  return new Set(
    Object.entries(procedures).flatMap(([path, { _def }]) =>
      _def.type === 'subscription' ? [path] : [],
    ),
  );
}

function urlFor(host: string, port: number): string {
  const shown =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

export async function buildServer(
  settings: Settings,
  options: BuildServerOptions = {},
): Promise<KlernoServer> {
  const ownsStore = options.store === undefined;
  const store =
    options.store ??
    (await openStore(
      settings.database,
      options.migrationsDir ? { migrationsDir: options.migrationsDir } : {},
    ));
  try {
    return await assemble(settings, store, ownsStore, options);
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
}

async function assemble(
  settings: Settings,
  store: Store,
  ownsStore: boolean,
  options: BuildServerOptions,
): Promise<KlernoServer> {
  const limits = hardLimitsWith(options.hardLimits);
  const app = Fastify({
    logger: loggerOptions(settings.log, options.logDestination),
    genReqId: requestIdFor,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Fastify reads tRPC's JSON bodies too, so this one limit covers /trpc (413 in our error shape).
    bodyLimit: BODY_LIMIT_BYTES,
    // During shutdown, requests already on open connections are served (with Connection: close)
    // instead of Fastify's own 503 body, so /ready answers in our shape.
    return503OnClosing: false,
    // req.ip is the socket peer unless the peer is a configured proxy; then X-Forwarded-For counts.
    trustProxy: settings.trustProxy.length > 0 ? settings.trustProxy : false,
    // Slow clients (slowloris) get 408 and lose the connection; Node checks every interval.
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    },
    clientErrorHandler,
  });

  // Opened in the background: the server starts (and serves, on in-process fallbacks) without it.
  const redis = settings.redisUrl
    ? createRedisConnection(settings.redisUrl, {
        keyPrefix: options.redisKeyPrefix ?? settings.redisKeyPrefix,
        logger: app.log,
      })
    : null;
  if (redis) app.addHook('onClose', () => redis.close());
  const alertFeed: AlertFeed =
    redis && settings.redisUrl
      ? createRedisAlertFeed({
          url: settings.redisUrl,
          keyPrefix: options.redisKeyPrefix ?? settings.redisKeyPrefix,
          publisher: redis.client,
          logger: app.log,
        })
      : createInProcessAlertFeed(app.log);
  app.addHook('onClose', () => alertFeed.close());
  // Open subscriptions never finish on their own: end them first, or close() would wait for them.
  const shutdown = new AbortController();
  app.addHook('preClose', (done) => {
    shutdown.abort();
    done();
  });
  try {
    return await wire(app, redis, limits, settings, store, ownsStore, {
      ...options,
      alertFeed,
      shutdownSignal: shutdown.signal,
    });
  } catch (error) {
    await app.close();
    throw error;
  }
}

async function wire(
  app: FastifyInstance,
  redis: RedisConnection | null,
  limits: HardLimits,
  settings: Settings,
  store: Store,
  ownsStore: boolean,
  options: BuildServerOptions & { alertFeed: AlertFeed; shutdownSignal: AbortSignal },
): Promise<KlernoServer> {
  const jobs = createServerJobs({
    store,
    clock: options.clock ?? (() => new Date()),
    logger: app.log,
    defaultRiskThreshold: settings.riskThreshold,
    alertFeed: options.alertFeed,
  });
  // Before the store closes: the running job stops between two pages and is failed as interrupted.
  app.addHook('preClose', () => jobs.stop());
  const deps = await createAppDeps(settings, store, {
    jobs,
    redis,
    hardLimits: limits,
    logger: app.log,
    alertFeed: options.alertFeed,
    shutdownSignal: options.shutdownSignal,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  let draining = false;
  let notFoundFallback: NotFoundFallback | null = null;

  registerRequestIdHeader(app);
  registerSecurityHeaders(app);
  registerErrorHandlers(app, () => notFoundFallback);
  registerHealthRoutes(app, { store, redis, isDraining: () => draining });
  registerJwks(app, deps.tokens);
  // While draining, every response (in-flight ones included) tells the client not to reuse the connection.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('Connection', 'close');
    done(null, payload);
  });
  await registerCspReport(app, { rateLimits: deps.rateLimits ?? RATE_LIMITS_OFF, store });
  registerTransactionsDownload(app, deps);
  registerBatchLimit(app, TRPC_PREFIX, limits.maxBatchSize);
  registerSubscriptionCap(app, {
    prefix: TRPC_PREFIX,
    subscriptions: subscriptionPaths(),
    cap: createConnectionCap(limits.maxSubscriptionsPerIp),
  });
  await app.register(trpcPlugin, {
    prefix: TRPC_PREFIX,
    singleCallPath: options.trpcSingleCallPath ?? true,
    trpcOptions: {
      router: appRouter,
      // Refused (400) before any call of the batch runs.
      maxBatchSize: limits.maxBatchSize,
      createContext: createFastifyContextFactory(deps),
      onError({ error, path, req }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          req.log.error({ err: error.cause ?? error, path }, 'procedure failed');
        } else if (error.code === 'SERVICE_UNAVAILABLE') {
          req.log.warn(
            { err: error.cause ?? error, path },
            'procedure failed: database unavailable',
          );
        }
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
  notFoundFallback = await registerConsole(app, {
    distDir: options.webDistDir === undefined ? defaultWebDistDir() : options.webDistDir,
    cspMode: settings.cspMode,
  });
  await app.ready();

  let stopping: Promise<void> | undefined;
  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;

  return {
    app,
    store,
    redis,
    async start() {
      await app.listen({ host: settings.host, port: settings.port });
      // Fails the jobs an instance that died left behind, then keeps this one's heartbeat.
      await jobs.start();
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : settings.port;
      return { url: urlFor(settings.host, port) };
    },
    beginDrain() {
      draining = true;
    },
    stop() {
      draining = true;
      // At once, not after the close's first steps: the running job ends after its current page.
      void jobs.stop();
      stopping ??= (async () => {
        const cutOff = setTimeout(() => app.server.closeAllConnections(), drainTimeoutMs);
        try {
          await app.close();
        } finally {
          clearTimeout(cutOff);
        }
        if (ownsStore) await store.close();
      })();
      return stopping;
    },
  };
}
