import type { ReactNode } from 'react';
import { TableHead } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';

/** A panel over the dashboard's time range; it says so when the range holds no transactions. */
export function RangePanel({
  titleId,
  title,
  isEmpty,
  children,
}: {
  titleId: string;
  title: string;
  isEmpty: boolean;
  children: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {isEmpty ? <p className="empty-state">No transactions in this range.</p> : children}
    </section>
  );
}

/** A chart's figures as a table, folded away under "Show as a table" (screen readers, copying). */
export function ChartTable({
  label,
  columns,
  children,
}: {
  label: string;
  columns: readonly Column[];
  children: ReactNode;
}) {
  return (
    <details className="chart-table">
      <summary>Show as a table</summary>
      <table className="data-table compact" aria-label={label}>
        <TableHead columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </details>
  );
}
