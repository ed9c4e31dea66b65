import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const builtApiEntry = join(repoRoot, 'apps/api/dist/main.js');
export const builtConsoleIndex = join(repoRoot, 'apps/web/dist/index.html');

const startTimeoutMs = 30_000;
const stopTimeoutMs = 10_000;
const healthPollIntervalMs = 100;

export interface BuiltApi {
  baseUrl: string;
  /** Everything the API wrote to stdout and stderr so far: attached to failures. */
  output(): string;
  stop(): Promise<void>;
}

function requireBuildOutputs(): void {
  const missing = [builtApiEntry, builtConsoleIndex].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `Build outputs missing: ${missing.join(', ')}. Run \`pnpm build\` from the repository root first.`,
    );
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No TCP port was assigned');
  return address.port;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitUntilHealthy(
  baseUrl: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (exited(child)) {
      throw new Error(`The API exited during start-up (code ${child.exitCode}):\n${output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet: poll again.
    }
    await delay(healthPollIntervalMs);
  }
  throw new Error(`The API did not answer /health within ${startTimeoutMs} ms:\n${output()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<'exited'>((resolve) => child.once('exit', () => resolve('exited')));
  const giveUp = new AbortController();
  const timeout = delay(stopTimeoutMs, 'timeout' as const, { signal: giveUp.signal }).catch(
    () => 'cancelled' as const,
  );
  child.kill('SIGTERM');
  const outcome = await Promise.race([gone, timeout]);
  giveUp.abort();
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await gone;
  }
}

export interface BuiltApiOptions {
  /** Settings on top of the test defaults, e.g. `{ CSP_MODE: 'enforce', XRPL_RPC_URL }`. */
  env?: Record<string, string>;
}

/**
 * Starts `apps/api/dist/main.js` (which serves `apps/web/dist`) on a free port with a fresh
 * SQLite file, in a hermetic environment: no variable of the developer's shell leaks in.
 */
export async function startBuiltApi(options: BuiltApiOptions = {}): Promise<BuiltApi> {
  requireBuildOutputs();
  const dataDir = await mkdtemp(join(tmpdir(), 'klerno-web-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [builtApiEntry], {
    // The repository root, like `pnpm start`.
    cwd: repoRoot,
    env: {
      APP_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `file:${join(dataDir, 'klerno.db')}`,
      // The tests sign in many times from 127.0.0.1.
      RATE_LIMIT_ENABLED: 'false',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const collect = (chunk: Buffer) => chunks.push(chunk.toString('utf8'));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const output = () => chunks.join('');

  const stop = async () => {
    await stopProcess(child);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilHealthy(baseUrl, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, output, stop };
}
