/**
 * `pnpm bench`: requests per second of an authenticated read (`transactions.list`, limit 20)
 * through the built API with rate limiting off, on in memory and on through Redis, anchored by a
 * bare Fastify route serving the same JSON. Method: /work/shared/PERFORMANCE.md — the server on
 * core 0, autocannon on core 1, rounds in rotating order, medians, ratios from the same run.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, type } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { startApi } from './api-server.js';
import { measure, type RunContext, type RunResult } from './measure.js';
import { isStandardRun, parseOptions, USAGE, UsageError, type BenchOptions } from './options.js';
import { findExecutable, stopAll } from './processes.js';
import { connectRedis, type RedisProbe } from './redis-store.js';
import { LIST_PATH } from './seed.js';
import { LABELS, markdownTable, ratios, summarise, type BenchReport } from './report.js';

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(benchDir, '..');
const resultsDir = join(benchDir, 'results');
const scratchDir = join(resultsDir, 'tmp');

const METHOD =
  'Built API (node apps/api/dist/main.js, SQLite, LOG_LEVEL=warn) pinned with taskset -c 0; ' +
  'autocannon pinned with taskset -c 1, GET /trpc/transactions.list?input={"limit":20} with ' +
  'Authorization: Bearer; a fresh server per run, warm-up then the measured run; rounds in ' +
  'rotating order; medians per configuration; ratios of the medians.';

async function build(): Promise<void> {
  const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
  const command = existsSync(turbo) ? turbo : 'turbo';
  console.log(`$ turbo run build --filter=@klerno/api`);
  const child = spawn(
    command,
    ['run', 'build', '--filter=@klerno/api', '--output-logs=errors-only'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`the API build failed (exit ${code})`);
}

/** The commit measured, and whether the working tree had uncommitted changes (read-only git). */
async function revisionOf(): Promise<{
  commit: string | null;
  uncommittedChanges: boolean | null;
}> {
  const git = (args: string[]) =>
    promisify(execFile)('git', args, { cwd: repoRoot }).then(
      ({ stdout }) => stdout.trim(),
      () => null,
    );
  const [commit, status] = await Promise.all([
    git(['rev-parse', 'HEAD']),
    git(['status', '--porcelain', '--untracked-files=no']),
  ]);
  return { commit, uncommittedChanges: status === null ? null : status !== '' };
}

/** Three decimals are plenty for every figure, and keep the committed file readable. */
function rounded(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value)
    ? Math.round(value * 1000) / 1000
    : value;
}

/** Starts the API once to capture the page every configuration serves (the anchor replays it). */
async function captureReference(taskset: string) {
  const api = await startApi({ repoRoot, taskset, core: 0, rateLimiting: 'off' });
  try {
    const response = await fetch(api.listUrl, { headers: api.account.headers });
    const body = await response.text();
    if (!response.ok)
      throw new Error(`GET ${LIST_PATH} answered ${response.status}: ${body.slice(0, 300)}`);
    const file = join(scratchDir, 'transactions-list-body.json');
    await writeFile(file, body);
    return { file, bytes: Buffer.byteLength(body), headers: api.account.headers };
  } finally {
    await api.stop();
  }
}

/** Round r runs the configurations rotated by r, so none always runs first or last. */
export function rotated<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

async function writeReport(report: BenchReport, standard: boolean): Promise<string> {
  const dir = standard ? resultsDir : scratchDir;
  const name = standard
    ? `rate-limit-${report.date}.json`
    : `rate-limit-${report.date}-${new Date().toISOString().slice(11, 19).replaceAll(':', '')}.json`;
  const file = join(dir, name);
  const prettierOptions = (await resolveConfig(file)) ?? {};
  await writeFile(
    file,
    await format(JSON.stringify(report, rounded), { ...prettierOptions, parser: 'json' }),
  );
  return file;
}

async function run(options: BenchOptions): Promise<void> {
  const taskset = findExecutable('taskset');
  if (!taskset) throw new Error('taskset is missing (Debian: apt-get install util-linux)');
  if (availableParallelism() < 2)
    throw new Error('the method needs two CPU cores (server and load generator)');

  await build();
  await mkdir(scratchDir, { recursive: true });
  const profileDir = options.profile ? join(scratchDir, 'profiles') : undefined;
  if (profileDir) await mkdir(profileDir, { recursive: true });

  let redis: RedisProbe | null = null;
  if (options.configurations.includes('trpc-redis')) redis = await connectRedis(options.redisUrl);
  try {
    const loadAverageBefore = loadavg();
    const reference = await captureReference(taskset);
    const context: RunContext = {
      options,
      repoRoot,
      benchDir,
      taskset,
      referenceBodyFile: reference.file,
      referenceBodyBytes: reference.bytes,
      referenceHeaders: reference.headers,
      redis,
      profileDir,
    };
    const perRun = options.warmupSeconds + options.durationSeconds + 3;
    const total = perRun * options.rounds * options.configurations.length;
    console.log(
      `${options.configurations.length} configurations × ${options.rounds} rounds, ` +
        `${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s each (≈ ${Math.ceil(total / 60)} min); ` +
        `response body ${reference.bytes} bytes`,
    );

    const runs: RunResult[] = [];
    for (let round = 0; round < options.rounds; round++) {
      for (const configuration of rotated(options.configurations, round)) {
        const result = await measure(context, configuration, round);
        runs.push(result);
        console.log(
          `round ${round + 1}/${options.rounds} ${configuration.padEnd(12)} ` +
            `${Math.round(result.requestsPerSecond).toString().padStart(6)} req/s  ` +
            `p50 ${result.latencyP50Ms} ms  p99 ${result.latencyP99Ms} ms  ` +
            `${result.serverCpuMicrosPerRequest.toFixed(0)} µs CPU/req` +
            result.warnings.map((warning) => `\n  ! ${warning}`).join(''),
        );
      }
    }

    const summaries = options.configurations.map((id) => summarise(id, runs));
    const { redisUrl: _redisUrl, ...recordedOptions } = options;
    const report: BenchReport = {
      benchmark: 'rate-limit',
      date: new Date().toISOString().slice(0, 10),
      machine: {
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        os: `${type()} ${release()}`,
        loadAverageBefore,
        loadAverageAfter: loadavg(),
      },
      ...(await revisionOf()),
      method: METHOD,
      options: recordedOptions,
      summaries,
      ratios: ratios(summaries, runs),
      runs,
    };
    const standard = isStandardRun(options);
    const file = await writeReport(report, standard);
    console.log(`\n${markdownTable(report)}\n`);
    console.log(
      `${report.date}, ${report.machine.cpus} vCPUs (${report.machine.cpuModel}), Node ${process.version}; ` +
        `load average before/after: ${loadAverageBefore.map((n) => n.toFixed(2)).join(' ')} / ` +
        `${report.machine.loadAverageAfter.map((n) => n.toFixed(2)).join(' ')}`,
    );
    console.log(
      standard
        ? `results: ${relative(repoRoot, file)}`
        : `results: ${relative(repoRoot, file)} (not the standard method, so not recorded in bench/results)`,
    );
    const missed = report.ratios.filter((ratio) => ratio.met === false);
    for (const ratio of missed) {
      console.log(
        `target missed: ${ratio.name} = ${ratio.value.toFixed(2)} < ${ratio.target} (${LABELS[ratio.numerator]})`,
      );
    }
  } finally {
    await redis?.close();
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
    void stopAll().finally(() => process.exit(130));
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
  }
}

process.exitCode = await main();
