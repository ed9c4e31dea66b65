/**
 * The query planner's statistics, kept up to date the way SQLite recommends for long-lived
 * connections: `PRAGMA optimize=0x10002` when the store opens (it runs ANALYZE on tables without
 * statistics, or whose size changed a lot: about 1.5 s per million transactions, once), then
 * `PRAGMA optimize` every hour and on close (usually nothing to do). Without statistics the
 * planner guesses that any range is selective: an amount-range filter sorted by time, or the
 * wallet filter of an address with no rows, then walked a million-row index (hundreds of
 * milliseconds instead of one).
 *
 * Only sqlite_stat1 is kept. better-sqlite3's SQLite is built with STAT4, and with stat4 samples
 * for an index every statement that binds a parameter compared against that index is planned
 * again at each execution (the plan may depend on the value): about 20 µs of planning on top of
 * a 10 µs look-up, for every history, label, user and session read. The filtered lists that
 * depend on the data's skew find it out themselves (list-probe.ts, wallet-page.ts).
 */
import type { SqliteConnection } from './connection.js';

export const OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000;

export function optimizeAtOpen(connection: SqliteConnection): void {
  connection.pragma('optimize = 0x10002');
  dropStat4Samples(connection);
}

export function optimize(connection: SqliteConnection): void {
  if (!connection.open) return;
  connection.pragma('optimize');
  dropStat4Samples(connection);
}

/** Deletes ANALYZE's stat4 samples, if it left any, and has the planner reload its statistics. */
function dropStat4Samples(connection: SqliteConnection): void {
  const table = connection
    .prepare(`select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat4'`)
    .get();
  if (!table || !connection.prepare('select 1 from sqlite_stat4 limit 1').get()) return;
  connection.exec('delete from sqlite_stat4; analyze sqlite_schema;');
}
