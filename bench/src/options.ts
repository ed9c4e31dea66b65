import { parseArgs } from 'node:util';

export const CONFIGURATION_IDS = ['fastify-bare', 'trpc-off', 'trpc-memory', 'trpc-redis'] as const;
export type ConfigurationId = (typeof CONFIGURATION_IDS)[number];

export interface BenchOptions {
  /** Seconds of measured load per run. */
  durationSeconds: number;
  /** Seconds of unmeasured load before each run (JIT and caches warm up). */
  warmupSeconds: number;
  connections: number;
  /** How many times the whole set of configurations runs, in rotating order. */
  rounds: number;
  configurations: ConfigurationId[];
  redisUrl: string;
  /** Starts the API with `--cpu-prof` (profiles land in bench/results/tmp/profiles). */
  profile: boolean;
}

/** The method of /work/shared/PERFORMANCE.md; a run with other settings is not recorded as one. */
export const STANDARD = { durationSeconds: 10, warmupSeconds: 3, connections: 50, rounds: 3 };

export const USAGE = `pnpm bench [-- options]

  --duration <s>       measured seconds per run (default ${STANDARD.durationSeconds})
  --warmup <s>         unmeasured seconds before each run (default ${STANDARD.warmupSeconds})
  --connections <n>    concurrent connections (default ${STANDARD.connections})
  --rounds <n>         repetitions of the set, in rotating order; medians are reported (default ${STANDARD.rounds})
  --only <list>        comma-separated subset of: ${CONFIGURATION_IDS.join(', ')}
  --redis-url <url>    Redis for trpc-redis (default redis://127.0.0.1:6379)
  --profile            start the API with --cpu-prof (bench/results/tmp/profiles)
  --help`;

export class UsageError extends Error {}

function positiveInteger(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
  }
  return value;
}

function configurationsFrom(raw: string | undefined): ConfigurationId[] {
  if (raw === undefined) return [...CONFIGURATION_IDS];
  const wanted = raw.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !(CONFIGURATION_IDS as readonly string[]).includes(name));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new UsageError(
      `--only takes a comma list of ${CONFIGURATION_IDS.join(', ')}; unknown: ${unknown.join(', ')}`,
    );
  }
  return CONFIGURATION_IDS.filter((id) => wanted.includes(id));
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
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        rounds: { type: 'string' },
        only: { type: 'string' },
        'redis-url': { type: 'string' },
        profile: { type: 'boolean' },
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
  return {
    durationSeconds: positiveInteger('duration', values.duration, STANDARD.durationSeconds),
    warmupSeconds: positiveInteger('warmup', values.warmup, STANDARD.warmupSeconds, 0),
    connections: positiveInteger('connections', values.connections, STANDARD.connections),
    rounds: positiveInteger('rounds', values.rounds, STANDARD.rounds),
    configurations: configurationsFrom(values.only),
    redisUrl,
    profile: values.profile ?? false,
  };
}

/** True when the run follows the documented method and may be recorded in bench/results. */
export function isStandardRun(options: BenchOptions): boolean {
  return (
    options.durationSeconds >= STANDARD.durationSeconds &&
    options.connections === STANDARD.connections &&
    options.rounds >= STANDARD.rounds &&
    options.configurations.length === CONFIGURATION_IDS.length &&
    !options.profile
  );
}
