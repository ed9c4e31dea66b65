/**
 * Runs the API as it ships (`apps/api/dist/main.js`) on a free port with a fresh SQLite file,
 * in a hermetic environment: no variable of the developer's shell leaks in.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const START_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 10_000;

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const apiMain = join(repoRoot, 'apps/api/dist/main.js');

export interface BuiltApi {
  baseUrl: string;
  /** Everything the API printed so far: attach it to failures. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Builds the API once when a fresh checkout has no dist/ yet. */
export async function ensureApiBuilt(): Promise<void> {
  if (existsSync(apiMain)) return;
  await promisify(execFile)('pnpm', ['--filter', '@klerno/api', 'build'], { cwd: repoRoot });
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function stopProcess(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
  await gone;
  clearTimeout(forced);
}

/** `env` adds settings (e.g. a known JWT_SECRET) to the test defaults. */
export async function startBuiltApi(env: Record<string, string> = {}): Promise<BuiltApi> {
  await ensureApiBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'klerno-sdk-api-'));
  const port = await freePort();
  const child = spawn(process.execPath, [apiMain], {
    cwd: repoRoot,
    env: {
      APP_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `file:${join(dataDir, 'klerno.db')}`,
      LOG_LEVEL: 'warn',
      // The tests sign in many times from 127.0.0.1; tests of the limits turn them on in `env`.
      RATE_LIMIT_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const output = () => chunks.join('');
  const api: BuiltApi = {
    baseUrl: `http://127.0.0.1:${port}`,
    output,
    stop: async () => {
      await stopProcess(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + START_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (exited(child)) {
      await api.stop();
      throw new Error(`the API exited with ${child.exitCode}:\n${output()}`);
    }
    const healthy = await fetch(`${api.baseUrl}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return api;
    await delay(100);
  }
  await api.stop();
  throw new Error(`the API did not answer /health within ${START_DEADLINE_MS} ms:\n${output()}`);
}
