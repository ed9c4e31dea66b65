/**
 * The query planner's statistics (sqlite_stat1 / sqlite_stat4), kept up to date the way SQLite
 * recommends for long-lived connections: `PRAGMA optimize=0x10002` when the store opens (it runs
 * ANALYZE on tables without statistics, or whose size changed a lot: about 1.5 s per million
 * transactions, once), then `PRAGMA optimize` every hour and on close (usually nothing to do).
 * Without statistics the planner guesses that any range is selective: an amount-range filter
 * sorted by time, or the wallet filter of an address with no rows, then walked a million-row
 * index (hundreds of milliseconds instead of one).
 */
import type { SqliteConnection } from './connection.js';

export const OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000;

export function optimizeAtOpen(connection: SqliteConnection): void {
  connection.pragma('optimize = 0x10002');
}

export function optimize(connection: SqliteConnection): void {
  if (connection.open) connection.pragma('optimize');
}
