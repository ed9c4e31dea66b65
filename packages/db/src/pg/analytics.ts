import { sql } from 'drizzle-orm';
import {
  ANOMALY_FLAGS,
  assembleSummary,
  checkAnalyticsRange,
  checkTimeBounds,
  partsOf,
  type SummaryPartRow,
} from '../analytics-summary.js';
import { toIsoTimestamp } from '../normalize.js';
import type { AnalyticsRepository } from '../ports.js';
import { isUuid } from '../uuidv7.js';
import type { PgHandle } from './database.js';

const ANOMALIES = `{${ANOMALY_FLAGS.join(',')}}`;

/**
 * The whole summary in one statement: the range's rows are read once into a materialized CTE and
 * every part aggregates that (hash aggregates). Measured on 1,000,000 stored rows, 83,000 of them
 * in a 30-day range: 260 ms. Addresses tie-break in byte order ("C"), as on SQLite.
 */
export function createPgAnalytics(db: PgHandle): AnalyticsRepository {
  return {
    async summary(organizationId, range) {
      const { fromMs, toMs, currency, topAddresses } = checkAnalyticsRange(range);
      if (!isUuid(organizationId)) return assembleSummary(partsOf([]));
      const rows = await db.execute<Record<string, unknown>>(sql`
        with r as materialized (
          select timestamp, risk_score, risk_bucket, category, currency, amount, from_address,
            to_address, risk_flags && ${ANOMALIES}::text[] as anomaly
          from transactions
          where organization_id = ${organizationId}::uuid
            and timestamp between ${toIsoTimestamp(fromMs)}::timestamptz
              and ${toIsoTimestamp(toMs)}::timestamptz
            and (${currency}::text is null or currency = ${currency}::text)
        ),
        parties (address, score) as (
          select from_address, risk_score from r
          union all
          select to_address, risk_score from r where to_address <> from_address
        )
        select 'total' as kind, null::text as key, count(*) as count,
          coalesce(sum(risk_score), 0) as "scoreSum",
          count(*) filter (where risk_bucket = 'low') as low,
          count(*) filter (where risk_bucket = 'medium') as medium,
          count(*) filter (where risk_bucket = 'high') as high,
          count(*) filter (where anomaly) as anomalies,
          null::integer as "maxScore", null::text as volume
        from r
        union all
        select 'currency', currency, count(*), 0, 0, 0, 0, 0, null, sum(amount)::text
        from r group by currency
        union all
        select 'day', floor(extract(epoch from timestamp) / 86400)::bigint::text, count(*),
          sum(risk_score), count(*) filter (where risk_bucket = 'low'),
          count(*) filter (where risk_bucket = 'medium'),
          count(*) filter (where risk_bucket = 'high'), 0, null, null
        from r group by 2
        union all
        select 'category', category, count(*), 0, 0, 0, 0, 0, null, null
        from r group by category
        union all
        (select 'address', address, count(*), sum(score), 0, 0, 0, 0, max(score), null
          from parties group by address
          order by max(score) desc, avg(score) desc, count(*) desc, address collate "C"
          limit ${topAddresses})`);
      return assembleSummary(partsOf(rows as unknown as SummaryPartRow[]));
    },
    async count(organizationId, range) {
      const { fromMs, toMs } = checkTimeBounds(range);
      if (!isUuid(organizationId)) return 0;
      const [row] = await db.execute<{ count: string }>(sql`
        select count(*) as count from transactions
        where organization_id = ${organizationId}::uuid
          and timestamp between ${toIsoTimestamp(fromMs)}::timestamptz
            and ${toIsoTimestamp(toMs)}::timestamptz`);
      return Number(row?.count ?? 0);
    },
  };
}
