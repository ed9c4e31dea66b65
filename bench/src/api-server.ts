import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnPinnedNode, waitUntilServing, type PinnedProcess } from './processes.js';
import { LIST_PATH, seedAccount, type SeededAccount } from './seed.js';

/** How the API under test limits requests: not at all, in its memory, or through Redis. */
export type RateLimiting = 'off' | 'memory' | 'redis';

/**
 * High enough that no request of a run is ever refused, so every configuration does the same
 * work; the hour-long window keeps one counter per key for the whole run (a check reads it).
 */
export const NEVER_REFUSING_LIMIT = 100_000_000;
const WINDOW_SECONDS = 3600;

/** Fixed and strong (48 random bytes, base64), so the API logs no weak-secret warning. */
export const BENCH_JWT_SECRET = 'u9Yc2mV7qXh4Rk1ZsT0wNf8LpB3eJd6GaC5oIy2rWv9Ht7Ex1Ql4Mb0Kn8Sj3Ug6';

export interface ApiLaunch {
  repoRoot: string;
  taskset: string;
  core: number;
  rateLimiting: RateLimiting;
  /** With rateLimiting 'redis': the Redis URL, with the bench's own logical database selected. */
  redisUrl?: string;
  /** Where `node --cpu-prof` writes its profile; no profile when absent. */
  profileDir?: string;
}

export interface RunningApi {
  baseUrl: string;
  process: PinnedProcess;
  account: SeededAccount;
  /** The authenticated read every run drives. */
  listUrl: string;
  stop(): Promise<void>;
}

/** The API's whole environment: explicit, so nothing of the caller's shell changes a run. */
function apiEnvironment(launch: ApiLaunch, port: number, databaseFile: string) {
  const env: Record<string, string> = {
    APP_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: `file:${databaseFile}`,
    JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_ENABLED: launch.rateLimiting === 'off' ? 'false' : 'true',
  };
  if (launch.rateLimiting !== 'off') {
    env.RATE_LIMIT_WINDOW_SECONDS = String(WINDOW_SECONDS);
    env.RATE_LIMIT_READ = String(NEVER_REFUSING_LIMIT);
  }
  if (launch.rateLimiting === 'redis') {
    if (!launch.redisUrl) throw new Error('rate limiting through Redis needs a Redis URL');
    env.REDIS_URL = launch.redisUrl;
  }
  return env;
}

/** Starts the built API (apps/api/dist/main.js) pinned to one core, then signs up and seeds. */
export async function startApi(launch: ApiLaunch): Promise<RunningApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'klerno-bench-'));
  const port = await freePort();
  const profileArgs = launch.profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${launch.profileDir}`,
        `--cpu-prof-name=api-${launch.rateLimiting}-${Date.now()}.cpuprofile`,
      ]
    : [];
  const child = spawnPinnedNode(launch.taskset, {
    core: launch.core,
    nodeArgs: [...profileArgs, join(launch.repoRoot, 'apps/api/dist/main.js')],
    env: apiEnvironment(launch, port, join(dataDir, 'klerno.db')),
    cwd: launch.repoRoot,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await child.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    // With Redis, wait until its connection is up: before that the insurance limiter answers.
    await waitUntilServing(child, `${baseUrl}/ready`, (body) =>
      launch.rateLimiting === 'redis' ? redisCheckOf(body) === 'ok' : true,
    );
    const account = await seedAccount(baseUrl);
    return { baseUrl, process: child, account, listUrl: `${baseUrl}${LIST_PATH}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function redisCheckOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('checks' in body)) return undefined;
  const { checks } = body;
  return typeof checks === 'object' && checks !== null && 'redis' in checks
    ? checks.redis
    : undefined;
}
