import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchOptions } from '../options.js';
import type { BenchPaths } from '../results.js';
import type { Population } from './population.js';
import type { SeededStore } from './seed-store.js';

/** taskset cores, as in the rate-limit suite: the API on one, the load generator on the other. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

export interface RiskContext {
  options: BenchOptions;
  paths: BenchPaths;
  taskset: string;
  profileDir: string | undefined;
  population: Population;
  /** This run's scratch folder (stores, copies), removed at the end. */
  workDir: string;
  /** The seeded million-row store, when a scenario that needs it was selected. */
  seeded: SeededStore | null;
}

export function requireSeeded(context: RiskContext): SeededStore {
  if (!context.seeded) throw new Error('this scenario needs the seeded store');
  return context.seeded;
}

/** A private copy of the seeded store for one run (runs never see each other's writes). */
export async function copyOfSeed(
  context: RiskContext,
  label: string,
): Promise<{ file: string; remove(): Promise<void> }> {
  const file = join(context.workDir, `${label}.db`);
  await copyFile(requireSeeded(context).file, file);
  return {
    file,
    remove: async () => {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true });
    },
  };
}
