import type { ReactNode } from 'react';

/** A column header: its text, or its text and class (`numeric` right-aligns it, say). */
export type Column = string | { label: string; className?: string | undefined; hidden?: boolean };

/** A column of figures, right-aligned. */
export const numericColumn = (label: string): Column => ({ label, className: 'numeric' });

/** A column whose header is for assistive technology only (the row's buttons or links). */
export const hiddenColumn = (label: string): Column => ({ label, hidden: true });

/** The header row of a table: one column header per column. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, className, hidden } =
            typeof column === 'string'
              ? { label: column, className: undefined, hidden: false }
              : column;
          return (
            <th key={label} scope="col" className={className}>
              {hidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/**
 * A table of records that scrolls sideways when it does not fit: named by a heading
 * (`labelledBy`) or a label, its rows given as children.
 */
export function DataTable({
  columns,
  labelledBy,
  label,
  compact = false,
  children,
}: {
  columns: readonly Column[];
  labelledBy?: string | undefined;
  label?: string | undefined;
  compact?: boolean | undefined;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table
        className={compact ? 'data-table compact' : 'data-table'}
        aria-labelledby={labelledBy}
        aria-label={label}
      >
        <TableHead columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
