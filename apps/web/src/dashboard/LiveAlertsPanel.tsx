import { useQuery } from '@tanstack/react-query';
import {
  AlertStatusBadge,
  AlertSummaryCells,
  alertSummaryColumns,
  AssigneeName,
  openAlertLabel,
} from '../alerts/AlertCells.js';
import { alertsView } from '../alerts/alert-filters.js';
import { LiveStatus } from '../alerts/LiveStatus.js';
import { useLiveAlerts } from '../alerts/use-live-alerts.js';
import { useTRPC } from '../api/trpc.js';
import { viewHref } from '../filters/address-view.js';
import { pagePaths } from '../shell/navigation.js';
import { hiddenColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { ListTable } from '../ui/ListTable.js';
import { NavLink } from '../ui/NavLink.js';

const shown = 5;

const columns: readonly Column[] = [
  ...alertSummaryColumns(),
  'Status',
  'Assignee',
  hiddenColumn('Case'),
];

/** The newest alerts, kept current by the live feed; each opens its case on the alerts page. */
export function LiveAlertsPanel() {
  const trpc = useTRPC();
  const alerts = useQuery(trpc.alerts.list.queryOptions({ limit: shown }));
  const live = useLiveAlerts();

  return (
    <section className="panel" aria-labelledby="live-alerts-title">
      <div className="panel-header">
        <h2 id="live-alerts-title">Live alerts</h2>
        <NavLink href={pagePaths.alerts}>All alerts</NavLink>
      </div>
      <LiveStatus state={live.state} latest={live.latest} />
      <ListTable
        list={alerts}
        rows={alerts.data?.items ?? []}
        empty="No alerts yet."
        columns={columns}
        labelledBy="live-alerts-title"
        renderRow={(alert) => (
          <>
            <AlertSummaryCells alert={alert} />
            <td>
              <AlertStatusBadge status={alert.status} />
            </td>
            <td>
              <AssigneeName email={alert.assigneeEmail} />
            </td>
            <td className="actions">
              <NavLink href={viewHref(alertsView, {}, alert.id)} label={openAlertLabel(alert)}>
                Open
              </NavLink>
            </td>
          </>
        )}
      />
    </section>
  );
}
