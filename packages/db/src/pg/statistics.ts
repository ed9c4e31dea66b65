/**
 * Planner statistics for tables that grow faster than autovacuum looks (it visits once a minute):
 * a fresh database that takes a big import has none for a while, and then PostgreSQL plans the
 * history look-ups (history-reader.ts) with default estimates — on a test, a nested loop that
 * read the organization's every row per sender group, seconds per batch. The store counts the
 * rows it writes and runs ANALYZE (a sample; about 0.1 s) once they reach a tenth of the table
 * (at least 10,000), and when it opens on a table that holds rows but was never analyzed.
 * ANALYZE runs beside the writers (it blocks no insert); a failure only means autovacuum's
 * statistics are used, so it is logged nowhere and never thrown.
 */
import type postgres from 'postgres';

const ANALYZED = 'transactions, sender_amount_buckets';
const MIN_ROWS = 10_000;
const SHARE = 0.1;

export interface PgStatistics {
  /** `count` rows were written to transactions (by a unit of work that may still roll back). */
  written(count: number): void;
  /** Waits for an ANALYZE that is running (tests, shutdown). */
  settled(): Promise<void>;
}

export function createPgStatistics(client: postgres.Sql): PgStatistics {
  let since = 0;
  let threshold = MIN_ROWS;
  let running: Promise<void> | null = null;

  const analyze = (): Promise<void> =>
    (running ??= (async () => {
      try {
        await client.unsafe(`analyze ${ANALYZED}`);
        const [table] = await client<{ rows: number }[]>`
          select greatest(reltuples, 0)::float8 as rows from pg_class where relname = 'transactions'`;
        threshold = Math.max(MIN_ROWS, Math.round((table?.rows ?? 0) * SHARE));
      } catch {
        // Autovacuum's statistics will do.
      } finally {
        running = null;
      }
    })());

  return {
    written(count) {
      since += count;
      if (since < threshold || running) return;
      since = 0;
      void analyze();
    },
    settled: async () => {
      await running;
    },
  };
}

/** At open: statistics for a transactions table that holds rows but was never analyzed. */
export async function analyzeIfNeverAnalyzed(client: postgres.Sql): Promise<void> {
  const [table] = await client<{ never: boolean }[]>`
    select (last_analyze is null and last_autoanalyze is null) as never
    from pg_stat_user_tables where relname = 'transactions'`;
  if (!table?.never) return;
  const [held] = await client<{ rows: number }[]>`
    select count(*)::int as rows from (select 1 from transactions limit ${MIN_ROWS}) as sample`;
  if ((held?.rows ?? 0) >= MIN_ROWS) await client.unsafe(`analyze ${ANALYZED}`);
}
