import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTRPC } from '../api/trpc.js';
import { ApiErrorAlert } from '../ui/ErrorAlert.js';
import { KpiPanel } from './KpiPanel.js';
import { TopAddressesPanel } from './TopAddressesPanel.js';

// The charting library is loaded with the dashboard's charts, not with every page of the console.
const TrendPanel = lazy(() =>
  import('./ChartPanels.js').then((module) => ({ default: module.TrendPanel })),
);
const CategoryPanel = lazy(() =>
  import('./ChartPanels.js').then((module) => ({ default: module.CategoryPanel })),
);

/** "2025-01-15T…" → "2025-01-15". */
const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * analytics.summary over the caller's time range (Settings → time range): figures, the daily
 * trend, categories and the riskiest addresses, all aggregated by the database.
 */
export function SummarySection() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.analytics.summary.queryOptions({ topAddresses: 5 }));

  if (summary.isPending) {
    return (
      <p className="muted" role="status">
        Loading the figures…
      </p>
    );
  }
  if (summary.isError) return <ApiErrorAlert error={summary.error} />;
  const { data } = summary;
  return (
    <>
      <KpiPanel kpis={data} rangeLabel={`${dayOf(data.from)} to ${dayOf(data.to)} (UTC)`} />
      <Suspense
        fallback={
          <p className="muted" role="status">
            Loading the charts…
          </p>
        }
      >
        <div className="charts">
          <TrendPanel daily={data.daily} />
          <CategoryPanel categories={data.categories} />
        </div>
      </Suspense>
      <TopAddressesPanel addresses={data.topRiskAddresses} />
    </>
  );
}
