/**
 * PostgreSQL's sender_amount_buckets (migration 0005) against a recount from the rows: the
 * back-fill of a database that already holds transactions, the statement triggers on insert,
 * delete and update, and `klerno_amount_bucket` against history-buckets.ts for amounts written
 * with any scale.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalDecimal, compareDecimals, decimalSortKey } from '../decimal.js';
import { amountBucketOf, bucketRange, coarseOf } from '../history-buckets.js';
import { defaultMigrationsDir, migrationsFolder } from '../migrations.js';
import { createTempPostgresDatabase } from '../testing/index.js';
import { uuidv7 } from '../uuidv7.js';
import { migratePostgres } from './migrate.js';

const ORG = '01900000-0000-7000-8000-0000000000b1';
const AMOUNTS = [
  '0',
  '0.000000000000000001',
  '0.000000000000000019',
  '0.50',
  '0.55',
  '1.000',
  '9.99',
  '10',
  '12.5',
  '12.59',
  '99',
  '99.999999999999999999',
  '100.0',
  '250.000001',
  '1234567.89',
  '99999999999999999999.999999999999999999',
  '-5',
  '-0.001',
];

interface BucketRow {
  from_address: string;
  currency: string;
  bucket: string;
  row_count: number;
  min_amount: string;
  max_amount: string;
}

const byKey = (a: BucketRow, b: BucketRow) => {
  const left = `${a.from_address} ${a.currency} ${a.bucket}`;
  const right = `${b.from_address} ${b.currency} ${b.bucket}`;
  return left < right ? -1 : left > right ? 1 : 0;
};

function recount(rows: { from_address: string; currency: string; amount: string }[]): BucketRow[] {
  const buckets = new Map<string, BucketRow>();
  for (const row of rows) {
    const amount = canonicalDecimal(row.amount);
    const fine = amountBucketOf(decimalSortKey(amount));
    for (const bucket of [`f${fine}`, `c${coarseOf(fine)}`]) {
      const id = `${row.from_address} ${row.currency} ${bucket}`;
      const held = buckets.get(id);
      if (!held) {
        buckets.set(id, {
          from_address: row.from_address,
          currency: row.currency,
          bucket,
          row_count: 1,
          min_amount: amount,
          max_amount: amount,
        });
        continue;
      }
      held.row_count += 1;
      if (compareDecimals(amount, held.min_amount) < 0) held.min_amount = amount;
      if (compareDecimals(amount, held.max_amount) > 0) held.max_amount = amount;
    }
  }
  return [...buckets.values()].sort(byKey);
}

describe('PostgreSQL sender_amount_buckets', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function database(migrated: 'before' | 'all') {
    const folder = mkdtempSync(join(tmpdir(), 'klerno-buckets-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const full = migrationsFolder(defaultMigrationsDir(), 'pg');
    const partial = join(folder, 'migrations');
    cpSync(full, partial, { recursive: true });
    const journalPath = join(partial, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((entry) => entry.tag.endsWith('sender_amount_buckets'));
    writeFileSync(
      journalPath,
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }),
    );
    const temp = await createTempPostgresDatabase();
    cleanups.push(() => temp.drop());
    await migratePostgres(temp.url, migrated === 'all' ? full : partial, 5);
    const sql = postgres(temp.url, { max: 1, onnotice: () => undefined });
    cleanups.push(() => sql.end({ timeout: 5 }));
    await sql`insert into organizations values (${ORG}, 'Org', now())`;
    return { sql, migrateFully: () => migratePostgres(temp.url, full, 5) };
  }

  async function insertAll(sql: postgres.Sql, prefix: string) {
    let index = 0;
    const rows = AMOUNTS.flatMap((amount) =>
      (['rA XRP', 'rA USD', 'rB XRP'] as const).map((pair) => {
        const [from, currency] = pair.split(' ') as [string, string];
        index += 1;
        return {
          id: uuidv7(),
          organization_id: ORG,
          chain: 'xrpl',
          tx_id: `${prefix}-${index}`,
          timestamp: new Date(0),
          from_address: from,
          to_address: 'b',
          amount,
          currency,
          direction: 'out',
          fee: '0',
          created_at: new Date(0),
        };
      }),
    );
    // One statement, so the statement trigger sees them all at once.
    await sql`insert into transactions ${sql(rows)}`;
  }

  const stored = async (sql: postgres.Sql) =>
    (
      await sql<BucketRow[]>`
        select from_address, currency, bucket, row_count,
          min_amount::text as min_amount, max_amount::text as max_amount
        from sender_amount_buckets where row_count > 0`
    )
      .map((row) => ({
        ...row,
        min_amount: canonicalDecimal(row.min_amount),
        max_amount: canonicalDecimal(row.max_amount),
      }))
      .sort(byKey);
  const rowsOf = (sql: postgres.Sql) =>
    sql<{ from_address: string; currency: string; amount: string }[]>`
      select from_address, currency, amount::text as amount from transactions`;
  const withoutBounds = (rows: BucketRow[]) =>
    rows.map((row) => ({ ...row, min_amount: '', max_amount: '' }));

  it('back-fills a database that already holds transactions', async () => {
    const { sql, migrateFully } = await database('before');
    await insertAll(sql, 'old');
    await migrateFully();
    expect(await stored(sql)).toEqual(recount(await rowsOf(sql)));
  });

  it('keeps the counts exact through inserts, deletes and updates', async () => {
    const { sql } = await database('all');
    await insertAll(sql, 'new');
    expect(await stored(sql)).toEqual(recount(await rowsOf(sql)));
    await sql`delete from transactions where tx_id in ('new-1', 'new-5', 'new-9')`;
    await sql`update transactions set from_address = 'rC', amount = 7 where tx_id in ('new-2', 'new-3')`;
    await sql`update transactions set category = 'fee'`;
    expect(withoutBounds(await stored(sql))).toEqual(withoutBounds(recount(await rowsOf(sql))));
  });

  it('computes the same bucket as TypeScript for any scale, inside the range read back', async () => {
    const { sql } = await database('all');
    for (const amount of AMOUNTS) {
      const [row] = await sql<{ bucket: string }[]>`
        select klerno_amount_bucket(${amount}::numeric) as bucket`;
      const bucket = amountBucketOf(decimalSortKey(canonicalDecimal(amount)));
      expect(row?.bucket).toBe(bucket);
      const { low, high } = bucketRange(bucket);
      const [inside] = await sql<{ inside: boolean }[]>`
        select ${amount}::numeric >= ${low}::numeric and ${amount}::numeric < ${high}::numeric
          as inside`;
      expect(inside?.inside).toBe(true);
    }
  });
});
