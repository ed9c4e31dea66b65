import { parseArgs } from 'node:util';

export const CONFIGURATION_IDS = ['fastify-bare', 'trpc-off', 'trpc-memory', 'trpc-redis'] as const;
export type ConfigurationId = (typeof CONFIGURATION_IDS)[number];

export const SUITE_IDS = ['rate-limit', 'risk'] as const;
export type SuiteId = (typeof SUITE_IDS)[number];

/** The issue-5 scenarios (bench/src/risk). */
export const RISK_SCENARIO_IDS = [
  'score',
  'ingest-one',
  'ingest-sqlite',
  'ingest-postgres',
  'list',
  'summary',
] as const;
export type RiskScenarioId = (typeof RISK_SCENARIO_IDS)[number];

export interface BenchOptions {
  suites: SuiteId[];
  /** Seconds of measured load per run. */
  durationSeconds: number;
  /** Seconds of unmeasured load before each run (JIT and caches warm up). */
  warmupSeconds: number;
  connections: number;
  /** How many times the whole set of configurations runs, in rotating order. */
  rounds: number;
  /** rate-limit suite: the configurations measured. */
  configurations: ConfigurationId[];
  redisUrl: string;
  /** Starts the API with `--cpu-prof` (profiles land in bench/results/tmp/profiles). */
  profile: boolean;
  /** risk suite: the scenarios measured. */
  scenarios: RiskScenarioId[];
  /** risk suite: transactions in the seeded store that score, ingest-one, list and summary use. */
  rows: number;
  /** risk suite: measured batches of 1000 per ingest-sqlite / ingest-postgres run. */
  batches: number;
  /** risk suite: a PostgreSQL server's URL; the bench creates and drops its own database there. */
  postgresUrl: string;
  /** risk suite: keep the seeded store between runs and reuse it when nothing it depends on changed. */
  keepSeed: boolean;
}

/** The method of /work/shared/PERFORMANCE.md; a run with other settings is not recorded as one. */
export const STANDARD = {
  durationSeconds: 10,
  warmupSeconds: 3,
  connections: 50,
  rounds: 3,
  rows: 1_000_000,
  batches: 100,
};

export const USAGE = `pnpm bench [-- options]

  --suite <name>       rate-limit, risk or all (default all)
  --duration <s>       measured seconds per run (default ${STANDARD.durationSeconds})
  --warmup <s>         unmeasured seconds before each run (default ${STANDARD.warmupSeconds})
  --connections <n>    concurrent connections of the throughput runs (default ${STANDARD.connections})
  --rounds <n>         repetitions of the set, in rotating order; medians are reported (default ${STANDARD.rounds})
  --profile            start the API with --cpu-prof (bench/results/tmp/profiles)
  --help

rate-limit suite:
  --only <list>        comma-separated subset of: ${CONFIGURATION_IDS.join(', ')}
  --redis-url <url>    Redis for trpc-redis (default redis://127.0.0.1:6379)

risk suite (issue 5):
  --scenarios <list>   comma-separated subset of: ${RISK_SCENARIO_IDS.join(', ')}
  --rows <n>           transactions in the seeded store (default ${STANDARD.rows.toLocaleString('en-US')})
  --batches <n>        measured batches of 1000 per ingest run (default ${STANDARD.batches})
  --postgres-url <url> PostgreSQL server for ingest-postgres (default postgres://postgres@127.0.0.1:5432/postgres);
                       the bench creates a database klerno_bench_* there and drops it afterwards
  --keep-seed          keep the seeded store in bench/results/tmp/seed-cache and reuse it while
                       the data, the migrations and the rule set are unchanged`;

export class UsageError extends Error {}

function positiveInteger(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
  }
  return value;
}

function subsetOf<Id extends string>(
  flag: string,
  all: readonly Id[],
  raw: string | undefined,
): Id[] {
  if (raw === undefined) return [...all];
  const wanted = raw.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !(all as readonly string[]).includes(name));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new UsageError(
      `--${flag} takes a comma list of ${all.join(', ')}; unknown: ${unknown.join(', ')}`,
    );
  }
  return all.filter((id) => wanted.includes(id));
}

function suitesFrom(raw: string | undefined): SuiteId[] {
  if (raw === undefined || raw === 'all') return [...SUITE_IDS];
  if ((SUITE_IDS as readonly string[]).includes(raw)) return [raw as SuiteId];
  throw new UsageError(`--suite takes ${SUITE_IDS.join(', ')} or all, got "${raw}"`);
}

/** Returns null when help was asked for. Throws UsageError on bad flags. */
export function parseOptions(argv: readonly string[]): BenchOptions | null {
  // `pnpm bench -- --duration 3` may hand the separator through.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        suite: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        rounds: { type: 'string' },
        only: { type: 'string' },
        'redis-url': { type: 'string' },
        profile: { type: 'boolean' },
        scenarios: { type: 'string' },
        rows: { type: 'string' },
        batches: { type: 'string' },
        'postgres-url': { type: 'string' },
        'keep-seed': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return null;
  const redisUrl = values['redis-url'] ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redisUrl)) throw new UsageError('--redis-url must be redis://…');
  const postgresUrl = values['postgres-url'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!/^postgres(?:ql)?:\/\//.test(postgresUrl)) {
    throw new UsageError('--postgres-url must be postgres://…');
  }
  return {
    suites: suitesFrom(values.suite),
    durationSeconds: positiveInteger('duration', values.duration, STANDARD.durationSeconds),
    warmupSeconds: positiveInteger('warmup', values.warmup, STANDARD.warmupSeconds, 0),
    connections: positiveInteger('connections', values.connections, STANDARD.connections),
    rounds: positiveInteger('rounds', values.rounds, STANDARD.rounds),
    configurations: subsetOf('only', CONFIGURATION_IDS, values.only),
    redisUrl,
    profile: values.profile ?? false,
    scenarios: subsetOf('scenarios', RISK_SCENARIO_IDS, values.scenarios),
    rows: positiveInteger('rows', values.rows, STANDARD.rows, 1000),
    batches: positiveInteger('batches', values.batches, STANDARD.batches),
    postgresUrl,
    keepSeed: values['keep-seed'] ?? false,
  };
}

const followsMethod = (options: BenchOptions) =>
  options.durationSeconds >= STANDARD.durationSeconds &&
  options.connections === STANDARD.connections &&
  options.rounds >= STANDARD.rounds &&
  !options.profile;

/** True when the run follows the documented method and may be recorded in bench/results. */
export function isStandardRun(options: BenchOptions, suite: SuiteId): boolean {
  if (!followsMethod(options)) return false;
  if (suite === 'rate-limit') return options.configurations.length === CONFIGURATION_IDS.length;
  return (
    options.scenarios.length === RISK_SCENARIO_IDS.length &&
    options.rows >= STANDARD.rows &&
    options.batches >= STANDARD.batches &&
    !options.keepSeed
  );
}
