import {
  assembleSummary,
  checkAnalyticsRange,
  checkTimeBounds,
  partsOf,
  type SummaryPartRow,
} from '../analytics-summary.js';
import { lazy } from '../lazy.js';
import type { AnalyticsRepository } from '../ports.js';
import { settle } from '../settle.js';
import type { SqliteConnection } from './connection.js';
import { SUMMARY_SQL } from './summary-sql.js';

export function createSqliteAnalytics(connection: SqliteConnection): AnalyticsRepository {
  const summary = lazy(() =>
    connection.prepare<Record<string, unknown>, SummaryPartRow>(SUMMARY_SQL),
  );
  const count = lazy(() =>
    connection
      .prepare<Record<string, unknown>, number>(
        `select count(*) from transactions
         where organization_id = @organizationId and timestamp between @fromMs and @toMs`,
      )
      .pluck(),
  );

  return {
    summary: (organizationId, range) =>
      settle(() => {
        const checked = checkAnalyticsRange(range);
        const rows = summary().all({ organizationId, ...checked });
        return assembleSummary(partsOf(rows));
      }),
    count: (organizationId, range) =>
      settle(() => count().get({ organizationId, ...checkTimeBounds(range) }) ?? 0),
  };
}
