import { join } from 'node:path';
import { BENCH_JWT_SECRET, NEVER_REFUSING_LIMIT } from '../api-server.js';
import { freePort, spawnPinnedNode, waitUntilServing, type PinnedProcess } from '../processes.js';

/** Long enough for any scenario: a token never expires mid-run. */
const ACCESS_TOKEN_TTL_SECONDS = 3600;
const WINDOW_SECONDS = 3600;

export interface RiskApiLaunch {
  repoRoot: string;
  taskset: string;
  core: number;
  /** `file:/abs/path.db` or `postgres://…`. */
  databaseUrl: string;
  /** Where `node --cpu-prof` writes its profile; no profile when absent. */
  profileDir?: string | undefined;
  /** Names the profile file. */
  label: string;
}

export interface RunningRiskApi {
  baseUrl: string;
  process: PinnedProcess;
  stop(): Promise<void>;
}

/**
 * The built API as production would run it without Redis: rate limiting on, in memory, every
 * class with a limit no run reaches (so every request does the limiter's work and none is
 * refused), in a one-hour window.
 */
function environment(launch: RiskApiLaunch, port: number): Record<string, string> {
  const limit = String(NEVER_REFUSING_LIMIT);
  return {
    APP_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: launch.databaseUrl,
    JWT_SECRET: BENCH_JWT_SECRET,
    ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL_SECONDS),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
    RATE_LIMIT_AUTH: limit,
    RATE_LIMIT_READ: limit,
    RATE_LIMIT_WRITE: limit,
    RATE_LIMIT_IMPORT: limit,
  };
}

export async function startRiskApi(launch: RiskApiLaunch): Promise<RunningRiskApi> {
  const port = await freePort();
  const profileArgs = launch.profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${launch.profileDir}`,
        `--cpu-prof-name=api-${launch.label}-${Date.now()}.cpuprofile`,
      ]
    : [];
  const child = spawnPinnedNode(launch.taskset, {
    core: launch.core,
    nodeArgs: [...profileArgs, join(launch.repoRoot, 'apps/api/dist/main.js')],
    env: environment(launch, port),
    cwd: launch.repoRoot,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(child, `${baseUrl}/ready`);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { baseUrl, process: child, stop: () => child.stop() };
}
