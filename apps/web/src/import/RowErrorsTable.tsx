import { useId } from 'react';
import type { RowError } from './row-errors.js';

/** Every problem of an upload: the file's line, the column if one is to blame, and why. */
export function RowErrorsTable({
  errors,
  caption,
}: {
  errors: readonly RowError[];
  caption: string;
}) {
  const captionId = useId();
  return (
    <div className="table-scroll row-errors">
      <table className="data-table compact" aria-labelledby={captionId}>
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              Line
            </th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((error, index) => (
            <tr key={`${error.line}-${error.field ?? ''}-${index}`}>
              <td className="numeric">{error.line}</td>
              <td>{error.field ?? <span className="muted">—</span>}</td>
              <td>{error.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
