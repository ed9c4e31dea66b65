import { DataTable, hiddenColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { RowButton } from '../ui/RowButton.js';
import { outcomeLabels } from './alert-filters.js';
import type { Alert } from './alert-filters.js';
import {
  AlertStatusBadge,
  AlertSummaryCells,
  alertSummaryColumns,
  AssigneeName,
  openAlertLabel,
} from './AlertCells.js';

// Raised and Flags make way for an open case (styles.css): the case shows both.
const columns: readonly Column[] = [
  ...alertSummaryColumns('alert-raised'),
  { label: 'Flags', className: 'alert-flags' },
  'Status',
  'Assignee',
  hiddenColumn('Actions'),
];

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
    <DataTable columns={columns} labelledBy={labelledBy}>
      {rows.map((alert) => (
        <tr key={alert.id} className={openId === alert.id ? 'row-open' : undefined}>
          <AlertSummaryCells alert={alert} raisedClassName="alert-raised" />
          <td className="memo alert-flags">{alert.riskFlags.join(', ') || '—'}</td>
          <td>
            <AlertStatusBadge status={alert.status} />
            {alert.outcome && <span className="muted"> {outcomeLabels[alert.outcome]}</span>}
          </td>
          <td>
            <AssigneeName email={alert.assigneeEmail} />
          </td>
          <td className="actions">
            <RowButton label={openAlertLabel(alert)} onClick={() => onOpen(alert.id)}>
              Open
            </RowButton>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
