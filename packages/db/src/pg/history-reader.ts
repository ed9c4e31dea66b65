/**
 * The bucket engine's queries on PostgreSQL (history-buckets.ts): each kind is ONE statement for
 * every request of a call (a batch of 1000 probes costs a few round trips), the requests passed
 * as a JSON recordset and joined LATERALLY — one index lookup per request, never a hash join over
 * the whole table the planner would pick for a recordset it cannot size — each walking an index:
 * sender_amount_buckets' key, transactions_sender_history_idx (time) or
 * transactions_sender_amount_idx (amount, then time).
 */
import { sql, type SQL } from 'drizzle-orm';
import { canonicalDecimal } from '../decimal.js';
import {
  bucketRange,
  type BucketCount,
  type BucketedRow,
  type FineBucket,
  type HistoryReader,
} from '../history-buckets.js';
import type { SenderHistoryRow } from '../history-facts.js';
import { toIsoTimestamp } from '../normalize.js';
import type { PgHandle } from './database.js';

const MILLIS = sql.raw(`(extract(epoch from t.timestamp) * 1000)::bigint::text`);

/** The requests as rows `r(idx, chain, "fromAddress", currency, …columns)`. */
function recordset(requests: readonly object[], columns = ''): SQL {
  const extra = columns === '' ? '' : `, ${columns}`;
  return sql`jsonb_to_recordset(${JSON.stringify(
    requests.map((request, idx) => ({ ...request, idx })),
  )}::jsonb) as r(idx int, chain text, "fromAddress" text, currency text${sql.raw(extra)})`;
}

/**
 * The fine buckets a coarse one can hold: itself plus one more digit (a bucket that is the whole
 * sort key has no more digits; the negative bucket is its own), each an equality on the key.
 */
const FINE_OF_COARSE =
  sql.raw(`array['f' || r.coarse, 'f' || r.coarse || '0', 'f' || r.coarse || '1',
  'f' || r.coarse || '2', 'f' || r.coarse || '3', 'f' || r.coarse || '4', 'f' || r.coarse || '5',
  'f' || r.coarse || '6', 'f' || r.coarse || '7', 'f' || r.coarse || '8', 'f' || r.coarse || '9']`);
const SAME_GROUP = sql.raw(`t.from_address = r."fromAddress" and t.currency = r.currency
  and t.chain = r.chain`);
const SAME_BUCKETS = sql.raw(`b.from_address = r."fromAddress" and b.currency = r.currency
  and b.chain = r.chain`);

/** Rows of a statement, grouped by `idx` into one list per request. */
function byRequest<Row extends { idx: number }, Out>(
  count: number,
  rows: readonly Row[],
  map: (row: Row) => Out,
): Out[][] {
  const lists: Out[][] = Array.from({ length: count }, () => []);
  for (const row of rows) lists[row.idx]?.push(map(row));
  return lists;
}

type RawBucketedRow = {
  idx: number;
  tx_id: string;
  amount: string;
  bucket: string;
  ms: string;
};

const bucketed = (row: RawBucketedRow): BucketedRow => ({
  txId: row.tx_id,
  amount: canonicalDecimal(row.amount),
  bucket: row.bucket,
  timestampMs: Number(row.ms),
});

export function createPgHistoryReader(db: PgHandle, owner: string): HistoryReader {
  const organization = sql`${owner}::uuid`;
  return {
    async coarseCounts(groups) {
      if (groups.length === 0) return [];
      const rows = await db.execute<{ idx: number; bucket: string; count: number }>(sql`
        select r.idx, b.bucket, b.count
        from ${recordset(groups)}
        cross join lateral (
          select substr(b.bucket, 2) as bucket, b.row_count as count
          from sender_amount_buckets b
          where b.organization_id = ${organization} and ${SAME_BUCKETS}
            and b.bucket >= 'c' and b.bucket < 'd' and left(b.bucket, 1) = 'c') b`);
      return byRequest(groups.length, rows, (row): BucketCount => ({
        bucket: row.bucket,
        count: Number(row.count),
      }));
    },

    async groupRows(groups) {
      if (groups.length === 0) return [];
      const payload = groups.map((group) => ({
        ...group,
        untilTs: toIsoTimestamp(group.untilMs),
      }));
      const rows = await db.execute<{
        idx: number;
        tx_id: string;
        to_address: string;
        amount: string;
        ms: string;
      }>(sql`
        select r.idx, g.tx_id, g.to_address, g.amount, g.ms
        from ${recordset(payload, '"untilTs" timestamptz')}
        cross join lateral (
          select t.tx_id, t.to_address, t.amount::text as amount, ${MILLIS} as ms
          from transactions t
          where t.organization_id = ${organization} and ${SAME_GROUP}
            and t.timestamp <= r."untilTs") g`);
      return byRequest(groups.length, rows, (row): SenderHistoryRow => ({
        txId: row.tx_id,
        toAddress: row.to_address,
        amount: canonicalDecimal(row.amount),
        timestampMs: Number(row.ms),
      }));
    },

    async laterRows(groups, limit) {
      if (groups.length === 0) return [];
      const payload = groups.map((group) => ({ ...group, fromTs: toIsoTimestamp(group.fromMs) }));
      const rows = await db.execute<RawBucketedRow>(sql`
        select r.idx, l.tx_id, l.amount, l.bucket, l.ms
        from ${recordset(payload, '"fromTs" timestamptz')}
        cross join lateral (
          select t.tx_id, t.amount::text as amount, klerno_amount_bucket(t.amount) as bucket,
            ${MILLIS} as ms
          from transactions t
          where t.organization_id = ${organization} and ${SAME_GROUP}
            and t.timestamp >= r."fromTs"
          limit ${limit}) l`);
      return byRequest(groups.length, rows, bucketed);
    },

    async ownRows(probes) {
      if (probes.length === 0) return [];
      // By (organization, chain, txId) alone: with the sender's columns in the condition too, a
      // planner short of statistics walked a busy sender's whole index instead of the unique one.
      const rows = await db.execute<RawBucketedRow & { from_address: string; currency: string }>(
        sql`
        select r.idx, o.tx_id, o.amount, o.bucket, o.ms, o.from_address, o.currency
        from ${recordset(probes, '"txId" text')}
        cross join lateral (
          select t.tx_id, t.amount::text as amount, klerno_amount_bucket(t.amount) as bucket,
            ${MILLIS} as ms, t.from_address, t.currency
          from transactions t
          where t.organization_id = ${organization} and t.chain = r.chain
            and t.tx_id = r."txId") o`,
      );
      const found: (BucketedRow | null)[] = probes.map(() => null);
      for (const row of rows) {
        const probe = probes[row.idx];
        if (probe && probe.fromAddress === row.from_address && probe.currency === row.currency) {
          found[row.idx] = bucketed(row);
        }
      }
      return found;
    },

    async fineBuckets(requests) {
      if (requests.length === 0) return [];
      const rows = await db.execute<{
        idx: number;
        bucket: string;
        count: number;
        uniform: string | null;
      }>(sql`
        select r.idx, f.bucket, f.count, f.uniform
        from ${recordset(requests, 'coarse text')}
        cross join lateral (
          select substr(b.bucket, 2) as bucket, b.row_count as count,
            case when b.min_amount = b.max_amount then b.min_amount::text end as uniform
          from sender_amount_buckets b
          where b.organization_id = ${organization} and ${SAME_BUCKETS}
            and b.bucket = any(${FINE_OF_COARSE})) f`);
      return byRequest(requests.length, rows, (row): FineBucket => ({
        bucket: row.bucket,
        count: Number(row.count),
        uniformAmount: row.uniform === null ? null : canonicalDecimal(row.uniform),
      }));
    },

    async amountsAt(requests) {
      if (requests.length === 0) return [];
      const payload = requests.map((request) => ({ ...request, ...bucketRange(request.bucket) }));
      const rows = await db.execute<{ idx: number; amount: string }>(sql`
        select r.idx, a.amount
        from ${recordset(payload, 'low numeric, high numeric, "offset" int, count int')}
        cross join lateral (
          select t.amount::text as amount from transactions t
          where t.organization_id = ${organization} and ${SAME_GROUP}
            and t.amount >= r.low and t.amount < r.high
          order by t.amount offset r."offset" limit r.count) a`);
      return byRequest(requests.length, rows, (row) => canonicalDecimal(row.amount));
    },

    async bucketRows(requests) {
      if (requests.length === 0) return [];
      const payload = requests.map((request) => ({ ...request, ...bucketRange(request.bucket) }));
      const rows = await db.execute<{ idx: number; tx_id: string; amount: string }>(sql`
        select r.idx, w.tx_id, w.amount
        from ${recordset(payload, 'low numeric, high numeric')}
        cross join lateral (
          select t.tx_id, t.amount::text as amount from transactions t
          where t.organization_id = ${organization} and ${SAME_GROUP}
            and t.amount >= r.low and t.amount < r.high) w`);
      return byRequest(requests.length, rows, (row) => ({
        txId: row.tx_id,
        amount: canonicalDecimal(row.amount),
      }));
    },

    async windowRows(probes) {
      if (probes.length === 0) return [];
      const payload = probes.map((probe) => ({
        ...probe,
        fromTs: toIsoTimestamp(probe.fromMs),
        toTs: toIsoTimestamp(probe.toMs),
      }));
      const rows = await db.execute<{ idx: number; to_address: string; tx_id: string }>(sql`
        select r.idx, w.to_address, w.tx_id
        from ${recordset(payload, 'amount numeric, "fromTs" timestamptz, "toTs" timestamptz')}
        cross join lateral (
          select t.to_address, t.tx_id from transactions t
          where t.organization_id = ${organization} and ${SAME_GROUP}
            and t.amount = r.amount and t.timestamp between r."fromTs" and r."toTs") w`);
      return byRequest(probes.length, rows, (row) => ({
        toAddress: row.to_address,
        txId: row.tx_id,
      }));
    },
  };
}
