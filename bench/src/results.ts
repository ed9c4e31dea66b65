/** What every suite shares: the build, the record of the machine and revision, result files. */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, type } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { format, resolveConfig } from 'prettier';
import type { BenchOptions } from './options.js';

export interface BenchPaths {
  benchDir: string;
  repoRoot: string;
  /** bench/results: standard runs, committed. */
  resultsDir: string;
  /** bench/results/tmp: everything else (untracked). */
  scratchDir: string;
}

export interface MachineRecord {
  cpus: number;
  cpuModel: string;
  node: string;
  os: string;
  loadAverageBefore: number[];
  loadAverageAfter: number[];
}

function machineRecord(loadAverageBefore: number[]): MachineRecord {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    os: `${type()} ${release()}`,
    loadAverageBefore,
    loadAverageAfter: loadavg(),
  };
}

/** How every report opens: which suite, when, on what machine, at which commit, by what method. */
export interface ReportHeading<Benchmark extends string> {
  benchmark: Benchmark;
  date: string;
  machine: MachineRecord;
  commit: string | null;
  uncommittedChanges: boolean | null;
  method: string;
}

export async function reportHeading<Benchmark extends string>(
  benchmark: Benchmark,
  repoRoot: string,
  loadAverageBefore: number[],
  method: string,
): Promise<ReportHeading<Benchmark>> {
  return {
    benchmark,
    date: new Date().toISOString().slice(0, 10),
    machine: machineRecord(loadAverageBefore),
    ...(await revisionOf(repoRoot)),
    method,
  };
}

/** The options of the measuring method, which every suite records. */
export function methodOptions(options: BenchOptions) {
  const { durationSeconds, warmupSeconds, connections, rounds, profile } = options;
  return { durationSeconds, warmupSeconds, connections, rounds, profile };
}

export async function buildApi(repoRoot: string): Promise<void> {
  const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
  const command = existsSync(turbo) ? turbo : 'turbo';
  console.log(`$ turbo run build --filter=@klerno/api`);
  const child = spawn(
    command,
    ['run', 'build', '--filter=@klerno/api', '--output-logs=errors-only'],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`the API build failed (exit ${code})`);
}

/** The commit measured, and whether the working tree had uncommitted changes (read-only git). */
async function revisionOf(repoRoot: string): Promise<{
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

/** Round r runs the configurations rotated by r, so none always runs first or last. */
export function rotated<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * `<name>-<date>.json` in bench/results for a standard run; otherwise in bench/results/tmp with
 * the time added, so quick runs never overwrite a recorded one.
 */
export async function writeReport(
  paths: BenchPaths,
  name: string,
  date: string,
  report: unknown,
  standard: boolean,
): Promise<string> {
  const file = standard
    ? join(paths.resultsDir, `${name}-${date}.json`)
    : join(
        paths.scratchDir,
        `${name}-${date}-${new Date().toISOString().slice(11, 19).replaceAll(':', '')}.json`,
      );
  const prettierOptions = (await resolveConfig(file)) ?? {};
  await writeFile(
    file,
    await format(JSON.stringify(report, rounded), { ...prettierOptions, parser: 'json' }),
  );
  return file;
}

/** What every suite prints after its table: the machine, its load, and where the results went. */
export function logRunFooter(
  paths: BenchPaths,
  report: { date: string; machine: MachineRecord },
  file: string,
  standard: boolean,
): void {
  const { machine } = report;
  const loads = (values: number[]) => values.map((n) => n.toFixed(2)).join(' ');
  console.log(
    `${report.date}, ${machine.cpus} vCPUs (${machine.cpuModel}), Node ${machine.node}; ` +
      `load average before/after: ${loads(machine.loadAverageBefore)} / ${loads(machine.loadAverageAfter)}`,
  );
  console.log(
    standard
      ? `results: ${relative(paths.repoRoot, file)}`
      : `results: ${relative(paths.repoRoot, file)} (not the standard method, so not recorded in bench/results)`,
  );
}
