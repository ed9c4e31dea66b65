/** What the seed worker is asked to do, and what it answers (shared by both processes). */
export interface SeedJob {
  /** The SQLite file, already migrated, holding the bench account. */
  file: string;
  email: string;
  rows: number;
  populationSeed: number;
  /** The history spans [startMs, endMs], oldest first. */
  startMs: number;
  endMs: number;
}

export interface SeedOutcome {
  rows: number;
  seconds: number;
}

/** The seeded history's stream: its own randomness and txId prefix. */
export const SEED_STREAM = { seed: 0x5eed, txIdPrefix: '5EED0000' } as const;
