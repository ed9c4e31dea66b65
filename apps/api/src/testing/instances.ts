/**
 * API instances in child processes of the test, each its own Node.js process with its own
 * memory (limiter insurance, caches): what several instances behind a load balancer are.
 * They run the source through tsx, so they test the code of the working tree.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HardLimits } from '../hard-limits.js';

const START_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 10_000;
const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./instance-process.ts', import.meta.url));

export interface InstanceOptions {
  /** Settings on top of the test defaults (testSettings): DATABASE_URL, REDIS_URL, RATE_LIMIT_*… */
  env: Record<string, string>;
  redisKeyPrefix?: string;
  hardLimits?: Partial<HardLimits>;
}

export interface Instance {
  url: string;
  /** What the process printed (logs at LOG_LEVEL), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
  await gone;
  clearTimeout(forced);
}

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(options)], {
    cwd: apiDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const output = () => chunks.join('');
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));

  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    const deadline = setTimeout(() => {
      reject(new Error(`the instance did not start within ${START_DEADLINE_MS} ms:\n${output()}`));
    }, START_DEADLINE_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      chunks.push(text);
      pending += text;
      const match = /\{"url":"([^"]+)"\}/.exec(pending);
      if (match?.[1]) {
        clearTimeout(deadline);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`the instance exited with ${String(code)}:\n${output()}`));
    });
  }).catch(async (error: unknown) => {
    await stopChild(child);
    throw error;
  });

  return { url, output, stop: () => stopChild(child) };
}
