import { useInfiniteQuery } from '@tanstack/react-query';
import { describeFailure } from '../api/errors.js';
import { nextPageOf, rowsOf } from '../api/paging.js';
import { useTRPC } from '../api/trpc.js';
import { useAddressView } from '../filters/address-view.js';
import type { SessionUser } from '../session/session-store.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { LoadMoreButton, RefreshButton } from '../ui/ListButtons.js';
import { ListState } from '../ui/ListState.js';
import { AlertDetail } from './AlertDetail.js';
import { AlertFilterBar } from './AlertFilterBar.js';
import { alertListInput, alertsView, searchOfAlertFilters } from './alert-filters.js';
import { AlertsTable } from './AlertsTable.js';
import { LiveStatus } from './LiveStatus.js';
import { useLiveAlerts } from './use-live-alerts.js';

const pageSize = 25;

/** The organization's alerts worked as cases; new ones arrive live at the top. */
export function AlertsPage({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const { filters, openId, go } = useAddressView(alertsView);
  const alerts = useInfiniteQuery(
    trpc.alerts.list.infiniteQueryOptions(
      { limit: pageSize, ...alertListInput(filters) },
      { getNextPageParam: nextPageOf },
    ),
  );
  const live = useLiveAlerts();
  const rows = rowsOf(alerts.data);
  const problem = describeFailure(alerts.error);

  return (
    <main className="dashboard explorer">
      <section className="panel" aria-labelledby="alerts-title">
        <div className="panel-header">
          <h1 id="alerts-title">Alerts</h1>
          <RefreshButton list={alerts} />
        </div>
        <LiveStatus state={live.state} latest={live.latest} />
        <AlertFilterBar
          key={searchOfAlertFilters(filters)}
          filters={filters}
          userId={user.id}
          onApply={(next) => go(next, null)}
          fieldErrors={problem?.fieldErrors ?? {}}
        />
        <ListState
          list={alerts}
          rowCount={rows.length}
          loading="Loading alerts…"
          empty={
            <>
              No alerts{Object.keys(filters).length > 0 ? ' match these filters' : ' yet'}. A
              transaction scoring at or above its importer&apos;s threshold raises one.
            </>
          }
        />
        <ErrorAlert message={problem?.message} />
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
            <LoadMoreButton list={alerts} />
          </div>
        )}
      </section>
      {openId && (
        <AlertDetail key={openId} id={openId} user={user} onClose={() => go(filters, null)} />
      )}
    </main>
  );
}
