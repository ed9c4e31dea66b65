import { useQuery } from '@tanstack/react-query';
import { searchOfAlertFilters } from '../alerts/alert-filters.js';
import { AlertPaymentCells, AlertPaymentHeaders } from '../alerts/AlertPayment.js';
import { LiveStatus } from '../alerts/LiveStatus.js';
import { describePayment } from '../alerts/payment.js';
import { useLiveAlerts } from '../alerts/use-live-alerts.js';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { formatTimestamp } from '../format.js';
import { pagePaths } from '../shell/navigation.js';
import { RiskBadge } from '../transactions/TransactionsTable.js';
import { NavLink } from '../ui/NavLink.js';
import { statusLabels } from '../alerts/alert-filters.js';

const shown = 5;

/** The newest alerts, kept current by the live feed; each opens its case on the alerts page. */
export function LiveAlertsPanel() {
  const trpc = useTRPC();
  const alerts = useQuery(trpc.alerts.list.queryOptions({ limit: shown }));
  const live = useLiveAlerts();
  const rows = alerts.data?.items ?? [];

  return (
    <section className="panel" aria-labelledby="live-alerts-title">
      <div className="panel-header">
        <h2 id="live-alerts-title">Live alerts</h2>
        <NavLink href={pagePaths.alerts}>All alerts</NavLink>
      </div>
      <LiveStatus state={live.state} latest={live.latest} />
      {alerts.isError && (
        <p role="alert" className="form-error">
          {describeApiError(alerts.error).message}
        </p>
      )}
      {alerts.isSuccess && rows.length === 0 && <p className="empty-state">No alerts yet.</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="live-alerts-title">
            <thead>
              <tr>
                <th scope="col">Raised (UTC)</th>
                <AlertPaymentHeaders />
                <th scope="col">Risk</th>
                <th scope="col">Status</th>
                <th scope="col">Assignee</th>
                <th scope="col">
                  <span className="visually-hidden">Case</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((alert) => (
                <tr key={alert.id}>
                  <td className="nowrap">
                    <time dateTime={alert.createdAt}>{formatTimestamp(alert.createdAt)}</time>
                  </td>
                  <AlertPaymentCells payment={alert.transaction} />
                  <td className="nowrap">
                    <RiskBadge score={alert.riskScore} bucket={alert.riskBucket} />
                  </td>
                  <td>
                    <span className={`status status-${alert.status}`}>
                      {statusLabels[alert.status]}
                    </span>
                  </td>
                  <td>{alert.assigneeEmail ?? <span className="muted">Unassigned</span>}</td>
                  <td className="actions">
                    <NavLink
                      href={`${pagePaths.alerts}${searchOfAlertFilters({}, { alert: alert.id })}`}
                      label={`Open the alert of ${formatTimestamp(alert.createdAt)} scoring ${alert.riskScore.toFixed(2)}: ${describePayment(alert.transaction)}`}
                    >
                      Open
                    </NavLink>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
