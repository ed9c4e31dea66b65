/**
 * `pnpm bench`: load benchmarks of the built API. Suites: `rate-limit` (what rate limiting costs
 * an authenticated read) and `risk` (issue 5: scoring, ingest, list and summary on a store of a
 * million transactions). Method: /work/shared/PERFORMANCE.md — the server on core 0, the load
 * generator on core 1, a fresh server per run, warm-up, rounds in rotating order, medians.
 */
import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './options.js';
import { runCleanups } from './cleanup.js';
import { findExecutable, stopAll } from './processes.js';
import { runRateLimitSuite } from './rate-limit-suite.js';
import { buildApi, type BenchPaths } from './results.js';
import { runRiskSuite } from './risk/suite.js';

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(benchDir, 'results');
const paths: BenchPaths = {
  benchDir,
  repoRoot: resolve(benchDir, '..'),
  resultsDir,
  scratchDir: join(resultsDir, 'tmp'),
};

async function run(options: BenchOptions): Promise<void> {
  const taskset = findExecutable('taskset');
  if (!taskset) throw new Error('taskset is missing (Debian: apt-get install util-linux)');
  if (availableParallelism() < 2)
    throw new Error('the method needs two CPU cores (server and load generator)');

  await buildApi(paths.repoRoot);
  await mkdir(paths.scratchDir, { recursive: true });
  const profileDir = options.profile ? join(paths.scratchDir, 'profiles') : undefined;
  if (profileDir) await mkdir(profileDir, { recursive: true });

  if (options.suites.includes('rate-limit')) {
    await runRateLimitSuite(options, paths, taskset, profileDir);
  }
  if (options.suites.includes('risk')) {
    await runRiskSuite(options, paths, taskset, profileDir);
  }
}

async function main(): Promise<number> {
  let options: BenchOptions | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === null) {
    console.log(USAGE);
    return 0;
  }
  const interrupt = () => {
    void stopAll()
      .then(runCleanups)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await run(options);
    return 0;
  } catch (error) {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await stopAll();
    await runCleanups();
  }
}

process.exitCode = await main();
