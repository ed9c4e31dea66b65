import { formatTimestamp } from '../format.js';
import { RiskBadge } from '../transactions/TransactionsTable.js';
import { outcomeLabels, statusLabels } from './alert-filters.js';
import type { Alert } from './alert-filters.js';
import { AlertPaymentCells, AlertPaymentHeaders } from './AlertPayment.js';
import { describePayment } from './payment.js';

/** Newest first; each row names its payment (alerts of one ingest differ there) and opens its case. */
export function AlertsTable({
  rows,
  labelledBy,
  openId,
  onOpen,
}: {
  rows: readonly Alert[];
  labelledBy: string;
  openId?: string | null | undefined;
  onOpen: (id: string) => void;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col" className="alert-raised">
              Raised (UTC)
            </th>
            <AlertPaymentHeaders />
            <th scope="col">Risk</th>
            <th scope="col" className="alert-flags">
              Flags
            </th>
            <th scope="col">Status</th>
            <th scope="col">Assignee</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((alert) => (
            <tr key={alert.id} className={openId === alert.id ? 'row-open' : undefined}>
              <td className="nowrap alert-raised">
                <time dateTime={alert.createdAt}>{formatTimestamp(alert.createdAt)}</time>
              </td>
              <AlertPaymentCells payment={alert.transaction} />
              <td className="nowrap">
                <RiskBadge score={alert.riskScore} bucket={alert.riskBucket} />
              </td>
              <td className="memo alert-flags">{alert.riskFlags.join(', ') || '—'}</td>
              <td>
                <span className={`status status-${alert.status}`}>
                  {statusLabels[alert.status]}
                </span>
                {alert.outcome && <span className="muted"> {outcomeLabels[alert.outcome]}</span>}
              </td>
              <td>{alert.assigneeEmail ?? <span className="muted">Unassigned</span>}</td>
              <td className="actions">
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => onOpen(alert.id)}
                  aria-label={`Open the alert of ${formatTimestamp(alert.createdAt)} scoring ${alert.riskScore.toFixed(2)}: ${describePayment(alert.transaction)}`}
                >
                  Open
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
