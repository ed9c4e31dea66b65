import { loadSettings, type Settings } from '@klerno/config';
import type { Store } from '@klerno/db';
import {
  createTempPostgresDatabase,
  createTempSqliteFile,
  type TempPostgresDatabase,
} from '@klerno/db/testing';
import { buildServer, type BuildServerOptions, type KlernoServer } from '../server.js';

/** A fixed secret so tests can mint their own tokens; never used outside tests. */
export const TEST_JWT_SECRET = 'klerno-api-test-secret-9f8e7d6c5b4a39281706f5e4d3c2b1a0';

/**
 * Limits far above what any test sends from 127.0.0.1, so the limiters (and their headers) run in
 * every test without refusing anything; tests of the limits set their own.
 */
export const GENEROUS_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_AUTH: '1000000',
  RATE_LIMIT_READ: '1000000',
  RATE_LIMIT_WRITE: '1000000',
  RATE_LIMIT_IMPORT: '1000000',
  RATE_LIMIT_CSP_REPORT: '1000000',
  RATE_LIMIT_LOGIN_PER_IP: '1000000',
  RATE_LIMIT_LOGIN_FAILURES: '1000000',
};

export function testSettings(env: Record<string, string> = {}): Settings {
  return loadSettings({
    APP_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'file::memory:',
    ...GENEROUS_RATE_LIMITS,
    ...env,
  });
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Default: a fresh temporary SQLite file. */
  store?: Store;
  webDistDir?: string | null;
  logDestination?: NodeJS.WritableStream;
  /** The server's clock (token and session times); default: the system clock. */
  clock?: () => Date;
  /** Shrunk timeouts, batch size… (hard-limits.ts). */
  hardLimits?: BuildServerOptions['hardLimits'];
  /** A key prefix of the test's own on a shared Redis (with REDIS_URL in env). */
  redisKeyPrefix?: string;
  /** False: every tRPC call through the stock adapter (see BuildServerOptions). */
  trpcSingleCallPath?: boolean;
}

export interface RunningTestServer {
  url: string;
  server: KlernoServer;
  settings: Settings;
  close(): Promise<void>;
}

/** buildServer on a random port, on a temporary SQLite file unless a store or DATABASE_URL is given. */
export async function startTestServer(options: TestServerOptions = {}): Promise<RunningTestServer> {
  const file = options.store || options.env?.DATABASE_URL ? null : createTempSqliteFile();
  const settings = testSettings({ ...(file ? { DATABASE_URL: file.url } : {}), ...options.env });
  const server = await buildServer(settings, {
    ...(options.store ? { store: options.store } : {}),
    webDistDir: options.webDistDir ?? null,
    ...(options.logDestination ? { logDestination: options.logDestination } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.hardLimits ? { hardLimits: options.hardLimits } : {}),
    ...(options.redisKeyPrefix ? { redisKeyPrefix: options.redisKeyPrefix } : {}),
    ...(options.trpcSingleCallPath === undefined
      ? {}
      : { trpcSingleCallPath: options.trpcSingleCallPath }),
  });
  const { url } = await server.start();
  return {
    url,
    server,
    settings,
    close: async () => {
      await server.stop();
      file?.cleanup();
    },
  };
}

export interface RunningPostgresTestServer extends RunningTestServer {
  database: TempPostgresDatabase;
}

/** startTestServer on a new temporary PostgreSQL database; `close()` drops the database too. */
export async function startPostgresTestServer(
  options: Omit<TestServerOptions, 'store'> = {},
): Promise<RunningPostgresTestServer> {
  const database = await createTempPostgresDatabase();
  let running: RunningTestServer;
  try {
    running = await startTestServer({
      ...options,
      env: { ...options.env, DATABASE_URL: database.url },
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    ...running,
    database,
    close: async () => {
      await running.close();
      await database.drop();
    },
  };
}

/** The path of the SQLite file a test server runs on. */
export function sqliteFileOf(api: RunningTestServer): string {
  const { database } = api.settings;
  if (database.kind !== 'sqlite') throw new Error('these tests need the SQLite file');
  return database.path;
}
