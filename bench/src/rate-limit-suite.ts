/**
 * The rate-limit suite: requests per second of an authenticated read (`transactions.list`,
 * limit 20) through the built API with rate limiting off, on in memory and on through Redis,
 * anchored by a bare Fastify route serving the same JSON.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startApi } from './api-server.js';
import { measure, type RunContext, type RunResult } from './measure.js';
import { isStandardRun, type BenchOptions } from './options.js';
import { connectRedis, type RedisProbe } from './redis-store.js';
import { LABELS, markdownTable, ratios, summarise, type BenchReport } from './report.js';
import {
  logRunFooter,
  methodOptions,
  reportHeading,
  rotated,
  writeReport,
  type BenchPaths,
} from './results.js';
import { LIST_PATH } from './seed.js';

const METHOD =
  'Built API (node apps/api/dist/main.js, SQLite, LOG_LEVEL=warn) pinned with taskset -c 0; ' +
  'autocannon pinned with taskset -c 1, GET /trpc/transactions.list?input={"limit":20} with ' +
  'Authorization: Bearer; a fresh server per run, warm-up then the measured run; rounds in ' +
  'rotating order; medians per configuration; ratios of the medians.';

/** Starts the API once to capture the page every configuration serves (the anchor replays it). */
async function captureReference(paths: BenchPaths, taskset: string) {
  const api = await startApi({ repoRoot: paths.repoRoot, taskset, core: 0, rateLimiting: 'off' });
  try {
    const response = await fetch(api.listUrl, { headers: api.account.headers });
    const body = await response.text();
    if (!response.ok)
      throw new Error(`GET ${LIST_PATH} answered ${response.status}: ${body.slice(0, 300)}`);
    const file = join(paths.scratchDir, 'transactions-list-body.json');
    await writeFile(file, body);
    return { file, bytes: Buffer.byteLength(body), headers: api.account.headers };
  } finally {
    await api.stop();
  }
}

export async function runRateLimitSuite(
  options: BenchOptions,
  paths: BenchPaths,
  taskset: string,
  profileDir: string | undefined,
): Promise<void> {
  let redis: RedisProbe | null = null;
  if (options.configurations.includes('trpc-redis')) redis = await connectRedis(options.redisUrl);
  try {
    const loadAverageBefore = loadavg();
    const reference = await captureReference(paths, taskset);
    const context: RunContext = {
      options,
      repoRoot: paths.repoRoot,
      benchDir: paths.benchDir,
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
      `rate-limit suite: ${options.configurations.length} configurations × ${options.rounds} rounds, ` +
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
    const report: BenchReport = {
      ...(await reportHeading('rate-limit', paths.repoRoot, loadAverageBefore, METHOD)),
      options: { ...methodOptions(options), configurations: options.configurations },
      summaries,
      ratios: ratios(summaries, runs),
      runs,
    };
    const standard = isStandardRun(options, 'rate-limit');
    const file = await writeReport(paths, 'rate-limit', report.date, report, standard);
    console.log(`\n${markdownTable(report)}\n`);
    logRunFooter(paths, report, file, standard);
    for (const ratio of report.ratios.filter((r) => r.met === false)) {
      console.log(
        `target missed: ${ratio.name} = ${ratio.value.toFixed(2)} < ${ratio.target} (${LABELS[ratio.numerator]})`,
      );
    }
  } finally {
    await redis?.close();
  }
}
