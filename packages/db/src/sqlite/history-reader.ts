/**
 * The bucket engine's queries on SQLite (history-buckets.ts): one prepared statement per kind,
 * run once per request (in-process, no round trips to save), with positional parameters and
 * rows as arrays (this runs on every score and every ingested batch). Each statement walks an
 * index: sender_amount_buckets' key, transactions_sender_history_idx (time) or
 * transactions_sender_amount_idx (amount, then time) — named with INDEXED BY where the planner,
 * without statistics, would rather scan the organization's whole amount index.
 */
import type { Statement } from 'better-sqlite3';
import { canonicalDecimal, decimalSortKey } from '../decimal.js';
import type { BucketedRow, GroupKey, HistoryReader } from '../history-buckets.js';
import type { SenderHistoryRow } from '../history-facts.js';
import type { SqliteConnection } from './connection.js';

/** The fine bucket of `transactions.amount_key`: the same expression as migration 0005's trigger. */
export const AMOUNT_BUCKET_SQL = `case when substr(amount_key, 1, 1) = 'p'
  then substr(amount_key, 1, min(39, 41 - length(ltrim(substr(amount_key, 2), '0'))))
  else 'n' end`;

/** Above every character of a sort key: [prefix, prefix || '~') holds exactly its keys. */
const AFTER = '~';
/** The first four parameters of every statement. */
const GROUP = `organization_id = ? and from_address = ? and currency = ? and chain = ?`;

/** An amount from its sort key (decimal.ts `decimalSortKey`). */
export function amountOfSortKey(key: string): string {
  const digits =
    key[0] === 'n'
      ? [...key.slice(1)].map((digit) => String(9 - Number(digit))).join('')
      : key.slice(1);
  const value = canonicalDecimal(`${digits.slice(0, 20)}.${digits.slice(20)}`);
  return key[0] === 'n' && value !== '0' ? `-${value}` : value;
}

type Raw = unknown[];

function rows(statement: Statement, parameters: unknown[]): Raw[] {
  return statement.all(...parameters) as Raw[];
}

function bucketed(row: Raw): BucketedRow {
  return {
    txId: row[0] as string,
    amount: row[1] as string,
    bucket: row[2] as string,
    timestampMs: row[3] as number,
  };
}

export function createSqliteHistoryReader(
  connection: SqliteConnection,
  organizationId: string,
): HistoryReader {
  const s = sqliteHistoryStatements(connection);
  const group = (key: GroupKey) => [organizationId, key.fromAddress, key.currency, key.chain];
  return {
    coarseCounts: (groups) =>
      Promise.resolve(
        groups.map((key) =>
          rows(s.coarse, group(key)).map((row) => ({
            bucket: row[0] as string,
            count: row[1] as number,
          })),
        ),
      ),
    groupRows: (groups) =>
      Promise.resolve(
        groups.map((key) =>
          rows(s.rows, [...group(key), key.untilMs]).map((row): SenderHistoryRow => ({
            txId: row[0] as string,
            toAddress: row[1] as string,
            amount: row[2] as string,
            timestampMs: row[3] as number,
          })),
        ),
      ),
    laterRows: (groups, limit) =>
      Promise.resolve(
        groups.map((key) => rows(s.later(limit), [...group(key), key.fromMs]).map(bucketed)),
      ),
    ownRows: (probes) =>
      Promise.resolve(
        probes.map((probe) => {
          const row = s.own.get(...group(probe), probe.txId) as Raw | undefined;
          return row ? bucketed(row) : null;
        }),
      ),
    fineBuckets: (requests) =>
      Promise.resolve(
        requests.map((request) =>
          rows(s.fine, [...group(request), `f${request.coarse}`, `f${request.coarse}${AFTER}`]).map(
            (row) => ({
              bucket: row[0] as string,
              count: row[1] as number,
              uniformAmount: row[2] === null ? null : amountOfSortKey(row[2] as string),
            }),
          ),
        ),
      ),
    amountsAt: (requests) =>
      Promise.resolve(
        requests.map((request) =>
          rows(s.amountsAt(request.count), [
            ...group(request),
            request.bucket,
            `${request.bucket}${AFTER}`,
            request.offset,
          ]).map((row) => row[0] as string),
        ),
      ),
    bucketRows: (requests) =>
      Promise.resolve(
        requests.map((request) =>
          rows(s.bucketRows, [...group(request), request.bucket, `${request.bucket}${AFTER}`]).map(
            (row) => ({ txId: row[0] as string, amount: row[1] as string }),
          ),
        ),
      ),
    windowRows: (probes) =>
      Promise.resolve(
        probes.map((probe) =>
          rows(s.window, [
            ...group(probe),
            decimalSortKey(probe.amount),
            probe.fromMs,
            probe.toMs,
          ]).map((row) => ({ toAddress: row[0] as string, txId: row[1] as string })),
        ),
      ),
  };
}

const cache = new WeakMap<SqliteConnection, ReturnType<typeof prepareAll>>();

/** One set of prepared statements per connection, made on first use. */
function sqliteHistoryStatements(connection: SqliteConnection) {
  let statements = cache.get(connection);
  if (!statements) {
    statements = prepareAll(connection);
    cache.set(connection, statements);
  }
  return statements;
}

function prepareAll(connection: SqliteConnection) {
  const prepare = (sql: string) => connection.prepare(sql).raw(true);
  /**
   * One statement per LIMIT, written into the SQL: SQLite plans a statement again on every run
   * when its LIMIT is a bound parameter (the plan may use the value), which cost more than the
   * look-up itself. Callers use one or two limits.
   */
  const byLimit = (sqlOf: (limit: number) => string) => {
    const statements = new Map<number, Statement>();
    return (limit: number): Statement => {
      if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`bad limit ${limit}`);
      let statement = statements.get(limit);
      if (!statement) {
        statement = prepare(sqlOf(limit));
        statements.set(limit, statement);
      }
      return statement;
    };
  };
  return {
    coarse: prepare(
      `select substr(bucket, 2), row_count from sender_amount_buckets
       where ${GROUP} and bucket >= 'c' and bucket < 'd'`,
    ),
    rows: prepare(
      `select tx_id, to_address, amount, timestamp
       from transactions indexed by transactions_sender_history_idx
       where ${GROUP} and timestamp <= ?`,
    ),
    later: byLimit(
      (limit) => `select tx_id, amount, ${AMOUNT_BUCKET_SQL}, timestamp
       from transactions indexed by transactions_sender_history_idx
       where ${GROUP} and timestamp >= ? limit ${limit}`,
    ),
    own: prepare(
      `select tx_id, amount, ${AMOUNT_BUCKET_SQL}, timestamp from transactions
       where ${GROUP} and tx_id = ?`,
    ),
    fine: prepare(
      `select substr(bucket, 2), row_count,
         case when min_amount_key = max_amount_key then min_amount_key end
       from sender_amount_buckets where ${GROUP} and bucket >= ? and bucket < ?`,
    ),
    amountsAt: byLimit(
      (limit) => `select amount from transactions indexed by transactions_sender_amount_idx
       where ${GROUP} and amount_key >= ? and amount_key < ?
       order by amount_key limit ${limit} offset ?`,
    ),
    bucketRows: prepare(
      `select tx_id, amount from transactions indexed by transactions_sender_amount_idx
       where ${GROUP} and amount_key >= ? and amount_key < ?`,
    ),
    window: prepare(
      `select to_address, tx_id from transactions indexed by transactions_sender_amount_idx
       where ${GROUP} and amount_key = ? and timestamp between ? and ?`,
    ),
  };
}
