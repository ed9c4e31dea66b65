import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsxImportArgs } from '../fastify-anchor.js';
import { spawnPinnedNode } from '../processes.js';
import { createBenchAccount, type BenchAccount } from './account.js';
import { startRiskApi } from './api.js';
import type { Population } from './population.js';
import { SEED_STREAM, type SeedJob, type SeedOutcome } from './seed-job.js';

const WORKER_ENTRY = fileURLToPath(new URL('./seed-worker.ts', import.meta.url));
const DAY_MS = 24 * 60 * 60 * 1000;
/** The history spans the year before the seeding ended… */
const HISTORY_DAYS = 365;
/** …and stops a little before it, so live traffic is always newer than every seeded row. */
const HISTORY_END_MARGIN_MS = 10 * 60 * 1000;

export interface SeededStore {
  /** The SQLite file (its WAL checkpointed into it): copy it, never open it. */
  file: string;
  account: BenchAccount;
  rows: number;
  /** The seeded history's time range (epoch ms). */
  startMs: number;
  endMs: number;
  seedSeconds: number;
  /** True when an earlier run's seed was reused (--keep-seed). */
  reused: boolean;
}

export interface SeedContext {
  repoRoot: string;
  benchDir: string;
  taskset: string;
  core: number;
  /** A folder of this run, removed afterwards. */
  workDir: string;
  /** With --keep-seed: where seeds are kept between runs. */
  cacheDir: string | null;
  rows: number;
  population: Population;
}

interface CachedSeed extends Omit<SeededStore, 'file' | 'reused'> {
  key: string;
}

/** What a kept seed depends on: the data, the schema and the rules that scored it. */
async function cacheKey(context: SeedContext): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([context.rows, context.population.seed, SEED_STREAM]));
  const migrations = 'packages/db/migrations/sqlite';
  const migrationFiles = (await readdir(join(context.repoRoot, migrations)))
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => `${migrations}/${name}`);
  for (const file of [
    ...migrationFiles,
    'apps/api/src/risk/version.ts',
    'bench/src/risk/transactions.ts',
    'bench/src/risk/population.ts',
    'bench/src/risk/seed-worker.ts',
    'bench/src/risk/history-tracker.ts',
  ]) {
    hash.update(await readFile(join(context.repoRoot, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function runWorker(context: SeedContext, job: SeedJob): Promise<SeedOutcome> {
  const child = spawnPinnedNode(context.taskset, {
    core: context.core,
    nodeArgs: [...tsxImportArgs(), WORKER_ENTRY, JSON.stringify(job)],
    env: {},
    cwd: context.benchDir,
    echoLinesStartingWith: '  seeded',
  });
  const code = await child.exited;
  const lastLine = child.stdout().trim().split('\n').at(-1) ?? '';
  if (code !== 0) throw new Error(`seeding failed (exit ${code}):\n${child.output()}`);
  return JSON.parse(lastLine) as SeedOutcome;
}

async function seedFresh(context: SeedContext, file: string): Promise<SeededStore> {
  const api = await startRiskApi({
    repoRoot: context.repoRoot,
    taskset: context.taskset,
    core: context.core,
    databaseUrl: `file:${file}`,
    label: 'seed',
  });
  let account: BenchAccount;
  try {
    account = await createBenchAccount(api.baseUrl, context.population);
  } finally {
    await api.stop();
  }
  const endMs = Date.now() - HISTORY_END_MARGIN_MS;
  const startMs = endMs - HISTORY_DAYS * DAY_MS;
  const outcome = await runWorker(context, {
    file,
    email: account.email,
    rows: context.rows,
    populationSeed: context.population.seed,
    startMs,
    endMs,
  });
  return {
    file,
    account,
    rows: outcome.rows,
    startMs,
    endMs,
    seedSeconds: outcome.seconds,
    reused: false,
  };
}

/**
 * The bench organization with `rows` transactions of history in a SQLite file: signed up, its
 * hot wallets watched and its labels imported through the API, then filled by the seed worker.
 */
export async function seedStore(context: SeedContext): Promise<SeededStore> {
  const file = join(context.workDir, 'seed.db');
  if (context.cacheDir === null) return seedFresh(context, file);

  const key = await cacheKey(context);
  const cachedFile = join(context.cacheDir, `seed-${key}.db`);
  const metaFile = join(context.cacheDir, `seed-${key}.json`);
  if (existsSync(cachedFile) && existsSync(metaFile)) {
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as CachedSeed;
    await copyFile(cachedFile, file);
    const { key: _key, ...seeded } = meta;
    return { ...seeded, file, reused: true };
  }
  const seeded = await seedFresh(context, file);
  await mkdir(context.cacheDir, { recursive: true });
  await rm(cachedFile, { force: true });
  await copyFile(file, cachedFile);
  const { file: _file, reused: _reused, ...meta } = seeded;
  await writeFile(metaFile, JSON.stringify({ ...meta, key } satisfies CachedSeed));
  return seeded;
}
