import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import type { SessionUser } from '../session/session-store.js';
import { navigateTo, pagePaths, useSearch } from '../shell/navigation.js';
import { AlertDetail } from './AlertDetail.js';
import { AlertFilterBar } from './AlertFilterBar.js';
import { alertFiltersFromSearch, alertListInput, searchOfAlertFilters } from './alert-filters.js';
import type { AlertFilters } from './alert-filters.js';
import { AlertsTable } from './AlertsTable.js';
import { LiveStatus } from './LiveStatus.js';
import { useLiveAlerts } from './use-live-alerts.js';

const pageSize = 25;

/** The organization's alerts worked as cases; new ones arrive live at the top. */
export function AlertsPage({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const search = useSearch();
  const filters = useMemo(() => alertFiltersFromSearch(search), [search]);
  const openId = useMemo(() => new URLSearchParams(search).get('alert'), [search]);
  const go = (next: AlertFilters, alert: string | null) =>
    navigateTo(`${pagePaths.alerts}${searchOfAlertFilters(next, { alert: alert ?? undefined })}`);

  const alerts = useInfiniteQuery(
    trpc.alerts.list.infiniteQueryOptions(
      { limit: pageSize, ...alertListInput(filters) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const live = useLiveAlerts();
  const rows = alerts.data?.pages.flatMap((page) => page.items) ?? [];
  const problem = alerts.isError ? describeApiError(alerts.error) : null;

  return (
    <main className="dashboard explorer">
      <section className="panel" aria-labelledby="alerts-title">
        <div className="panel-header">
          <h1 id="alerts-title">Alerts</h1>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void alerts.refetch()}
            disabled={alerts.isFetching}
          >
            {alerts.isRefetching && !alerts.isFetchingNextPage ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
        <LiveStatus state={live.state} latest={live.latest} />
        <AlertFilterBar
          key={searchOfAlertFilters(filters)}
          filters={filters}
          onApply={(next) => go(next, null)}
          fieldErrors={problem?.fieldErrors ?? {}}
        />
        {alerts.isPending && <p className="muted">Loading alerts…</p>}
        {problem && (
          <p role="alert" className="form-error">
            {problem.message}
          </p>
        )}
        {alerts.isSuccess && rows.length === 0 && (
          <p className="empty-state">
            No alerts{Object.keys(filters).length > 0 ? ' match these filters' : ' yet'}. A
            transaction scoring at or above its importer&apos;s threshold raises one.
          </p>
        )}
        {rows.length > 0 && (
          <AlertsTable
            rows={rows}
            labelledBy="alerts-title"
            openId={openId}
            onOpen={(id) => go(filters, id)}
          />
        )}
        {alerts.hasNextPage && (
          <div className="panel-footer">
            <span />
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void alerts.fetchNextPage()}
              disabled={alerts.isFetchingNextPage}
            >
              {alerts.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}
      </section>
      {openId && (
        <AlertDetail key={openId} id={openId} user={user} onClose={() => go(filters, null)} />
      )}
    </main>
  );
}
