/**
 * SQLite's sender_amount_buckets (migration 0005) against a recount from the rows: the back-fill of
 * a database that already holds transactions, the triggers on insert, delete and update, and the
 * bucket expression the history reader uses — all the same buckets as history-buckets.ts.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { compareDecimals, decimalSortKey } from '../decimal.js';
import { amountBucketOf, bucketRange, coarseOf } from '../history-buckets.js';
import { defaultMigrationsDir, migrationsFolder } from '../migrations.js';
import { openSqliteConnection, type SqliteConnection } from './connection.js';
import { AMOUNT_BUCKET_SQL, amountOfSortKey } from './history-reader.js';

const AMOUNTS = [
  '0',
  '0.000000000000000001',
  '0.000000000000000019',
  '0.5',
  '0.55',
  '1',
  '9.99',
  '10',
  '12.5',
  '12.59',
  '99',
  '99.999999999999999999',
  '100',
  '250.000001',
  '1234567.89',
  '99999999999999999999.999999999999999999',
  '-5',
  '-0.001',
];

interface BucketRow {
  organization_id: string;
  from_address: string;
  currency: string;
  chain: string;
  bucket: string;
  row_count: number;
  min_amount_key: string;
  max_amount_key: string;
}

/** The table's content as the rows say it should be (buckets with no rows left out). */
function recount(connection: SqliteConnection): BucketRow[] {
  const rows = connection
    .prepare('select organization_id, from_address, currency, chain, amount_key from transactions')
    .all() as Array<
    Omit<BucketRow, 'bucket' | 'row_count' | 'min_amount_key' | 'max_amount_key'> & {
      amount_key: string;
    }
  >;
  const buckets = new Map<string, BucketRow>();
  for (const row of rows) {
    const fine = amountBucketOf(row.amount_key);
    for (const bucket of [`f${fine}`, `c${coarseOf(fine)}`]) {
      const id = [row.organization_id, row.from_address, row.currency, row.chain, bucket].join(' ');
      const held = buckets.get(id);
      if (held) {
        held.row_count += 1;
        if (row.amount_key < held.min_amount_key) held.min_amount_key = row.amount_key;
        if (row.amount_key > held.max_amount_key) held.max_amount_key = row.amount_key;
      } else {
        buckets.set(id, {
          organization_id: row.organization_id,
          from_address: row.from_address,
          currency: row.currency,
          chain: row.chain,
          bucket,
          row_count: 1,
          min_amount_key: row.amount_key,
          max_amount_key: row.amount_key,
        });
      }
    }
  }
  return [...buckets.values()].sort(byKey);
}

function byKey(a: BucketRow, b: BucketRow): number {
  const left = [a.organization_id, a.from_address, a.currency, a.chain, a.bucket].join(' ');
  const right = [b.organization_id, b.from_address, b.currency, b.chain, b.bucket].join(' ');
  return left < right ? -1 : left > right ? 1 : 0;
}

function stored(connection: SqliteConnection, { exactBounds = true } = {}): BucketRow[] {
  const rows = (
    connection
      .prepare('select * from sender_amount_buckets where row_count > 0')
      .all() as BucketRow[]
  ).sort(byKey);
  // Deleting rows leaves min/max as bounds, not necessarily attained.
  return exactBounds
    ? rows
    : rows.map((row) => ({ ...row, min_amount_key: '', max_amount_key: '' }));
}

describe('SQLite sender_amount_buckets', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  function migratedUpTo(entries: number | null) {
    const folder = mkdtempSync(join(tmpdir(), 'klerno-buckets-'));
    folders.push(folder);
    const full = migrationsFolder(defaultMigrationsDir(), 'sqlite');
    const partial = join(folder, 'migrations');
    cpSync(full, partial, { recursive: true });
    const journalPath = join(partial, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((entry) => entry.tag.endsWith('sender_amount_buckets'));
    writeFileSync(
      journalPath,
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, entries ?? upTo) }),
    );
    const connection = openSqliteConnection(join(folder, 'klerno.db'));
    const db = drizzle({ client: connection });
    migrate(db, { migrationsFolder: partial });
    return { connection, migrateFully: () => migrate(db, { migrationsFolder: full }) };
  }

  function insertAll(connection: SqliteConnection, prefix: string) {
    connection.prepare(`insert or ignore into organizations values ('o1', 'Org', 0)`).run();
    const insert = connection.prepare(
      `insert into transactions (id, organization_id, chain, tx_id, timestamp, from_address,
         to_address, amount, currency, direction, memo, fee, tags, created_at, amount_key)
       values (?, 'o1', 'xrpl', ?, 0, ?, 'b', ?, ?, 'out', null, '0', '[]', 0, ?)`,
    );
    AMOUNTS.forEach((amount, index) => {
      for (const [sender, currency] of [
        ['rA', 'XRP'],
        ['rA', 'USD'],
        ['rB', 'XRP'],
      ] as const) {
        insert.run(
          `${prefix}-${index}-${sender}-${currency}`,
          `${prefix}-${index}-${sender}-${currency}`,
          sender,
          amount,
          currency,
          decimalSortKey(amount),
        );
      }
    });
  }

  it('back-fills a database that already holds transactions', () => {
    const { connection, migrateFully } = migratedUpTo(null);
    try {
      insertAll(connection, 'old');
      migrateFully();
      expect(stored(connection)).toEqual(recount(connection));
      expect(stored(connection).length).toBeGreaterThan(AMOUNTS.length);
    } finally {
      connection.close();
    }
  });

  it('keeps the counts exact through inserts, deletes and updates', () => {
    const { connection, migrateFully } = migratedUpTo(null);
    try {
      migrateFully();
      insertAll(connection, 'new');
      expect(stored(connection)).toEqual(recount(connection));
      connection.prepare(`delete from transactions where id like 'new-1%'`).run();
      connection
        .prepare(
          `update transactions set from_address = 'rC', amount = '7', amount_key = ? where id like 'new-2%'`,
        )
        .run(decimalSortKey('7'));
      connection.prepare(`update transactions set category = 'fee'`).run();
      expect(stored(connection, { exactBounds: false })).toEqual(
        recount(connection).map((row) => ({ ...row, min_amount_key: '', max_amount_key: '' })),
      );
    } finally {
      connection.close();
    }
  });

  it('computes the same fine bucket in SQL as in TypeScript, and ranges that hold it', () => {
    const { connection, migrateFully } = migratedUpTo(null);
    try {
      migrateFully();
      const inSql = connection.prepare(
        `select ${AMOUNT_BUCKET_SQL} as bucket from (select ? as amount_key)`,
      );
      for (const amount of AMOUNTS) {
        const key = decimalSortKey(amount);
        const bucket = amountBucketOf(key);
        expect((inSql.get(key) as { bucket: string }).bucket).toBe(bucket);
        expect(amountOfSortKey(key)).toBe(amount);
        const { low, high } = bucketRange(bucket);
        expect(compareDecimals(low, amount)).toBeLessThanOrEqual(0);
        expect(compareDecimals(amount, high)).toBe(-1);
        expect(key.startsWith(bucket)).toBe(true);
        expect(bucket.startsWith(coarseOf(bucket))).toBe(true);
      }
    } finally {
      connection.close();
    }
  });
});
