import { formatAmount, formatTimestamp } from '../format.js';
import { RiskBadge } from '../transactions/TransactionsTable.js';
import { numericColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { Timestamp } from '../ui/Timestamp.js';
import { statusLabels } from './alert-filters.js';
import type { Alert, AlertStatus } from './alert-filters.js';
import { counterpartyOf, describePayment } from './payment.js';

/** The columns of `AlertSummaryCells`; `raisedClassName` goes on the Raised column's cells too. */
export function alertSummaryColumns(raisedClassName?: string): Column[] {
  return [
    { label: 'Raised (UTC)', className: raisedClassName },
    numericColumn('Amount'),
    'Counterparty',
    'Paid (UTC)',
    'Risk',
  ];
}

/**
 * An alert's first cells in a list: when it was raised, its payment (amount and currency, the
 * other party, the payment's own time: alerts of one ingest differ there) and its score.
 */
export function AlertSummaryCells({
  alert,
  raisedClassName,
}: {
  alert: Alert;
  raisedClassName?: string | undefined;
}) {
  const payment = alert.transaction;
  const { side, address } = counterpartyOf(payment);
  return (
    <>
      <td className={raisedClassName ? `nowrap ${raisedClassName}` : 'nowrap'}>
        <Timestamp iso={alert.createdAt} />
      </td>
      <td className="numeric nowrap">{formatAmount(payment.amount, payment.currency)}</td>
      <td className="nowrap">
        <span className={`direction direction-${payment.direction}`}>{side}</span>{' '}
        <span className="mono truncate counterparty" title={address}>
          {address}
        </span>
      </td>
      <td className="nowrap">
        <Timestamp iso={payment.timestamp} />
      </td>
      <td className="nowrap">
        <RiskBadge score={alert.riskScore} bucket={alert.riskBucket} />
      </td>
    </>
  );
}

/** What opening an alert from a list says it opens: alerts of one ingest differ by their payment. */
export function openAlertLabel(alert: Alert): string {
  return `Open the alert of ${formatTimestamp(alert.createdAt)} scoring ${alert.riskScore.toFixed(2)}: ${describePayment(alert.transaction)}`;
}

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  return <StatusBadge status={status}>{statusLabels[status]}</StatusBadge>;
}

/** The assignee's email in a list, or that nobody has the alert. */
export function AssigneeName({ email }: { email: string | null }) {
  return <>{email ?? <span className="muted">Unassigned</span>}</>;
}
