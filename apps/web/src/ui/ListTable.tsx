import type { ReactNode } from 'react';
import { DataTable } from './DataTable.js';
import type { Column } from './DataTable.js';
import { ApiErrorAlert } from './ErrorAlert.js';
import { ListState } from './ListState.js';

/**
 * Records from the API as a table, one row each: a failure in words (the list's, or a change's
 * made from it), what the list says while loading or when empty, then the rows.
 */
export function ListTable<Row extends { id: string }>({
  list,
  rows,
  failure = list.error,
  loading,
  empty,
  columns,
  labelledBy,
  renderRow,
}: {
  list: { isPending: boolean; isSuccess: boolean; error: unknown };
  rows: readonly Row[];
  failure?: unknown;
  loading?: string | undefined;
  empty: ReactNode;
  columns: readonly Column[];
  labelledBy: string;
  /** The row's cells. */
  renderRow: (row: Row) => ReactNode;
}) {
  return (
    <>
      <ApiErrorAlert error={failure} />
      <ListState list={list} rowCount={rows.length} loading={loading} empty={empty} />
      {rows.length > 0 && (
        <DataTable columns={columns} labelledBy={labelledBy}>
          {rows.map((row) => (
            <tr key={row.id}>{renderRow(row)}</tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
