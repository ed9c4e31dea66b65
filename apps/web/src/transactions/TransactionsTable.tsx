import type { RouterOutputs } from '../api/types.js';
import { formatAmount } from '../format.js';
import { Timestamp } from '../ui/Timestamp.js';
import type { TransactionSort } from './filters.js';
import { categoryLabels, directionLabels } from './labels.js';

export type TransactionRow = RouterOutputs['transactions']['list']['items'][number];

type SortableColumn = 'time' | 'amount' | 'risk';

/** Each sortable column's sorts, in the order a click on its header steps through them. */
const columnSorts: Record<SortableColumn, readonly TransactionSort[]> = {
  time: ['timestamp_desc', 'timestamp_asc'],
  amount: ['amount_desc', 'amount_asc'],
  risk: ['risk_desc'],
};

/** The sort a click on a column's header asks for. */
export function nextSort(column: SortableColumn, current: TransactionSort): TransactionSort {
  const sorts = columnSorts[column];
  const at = sorts.indexOf(current);
  return sorts[(at + 1) % sorts.length] ?? sorts[0] ?? current;
}

function ariaSort(column: SortableColumn, current: TransactionSort) {
  if (!columnSorts[column].includes(current)) return undefined;
  return current.endsWith('_asc') ? 'ascending' : 'descending';
}

interface Sorting {
  current: TransactionSort;
  onSort: (sort: TransactionSort) => void;
}

interface TransactionsTableProps {
  rows: readonly TransactionRow[];
  labelledBy: string;
  /** Column headers become sort buttons. */
  sorting?: Sorting | undefined;
  /** Transaction ids become buttons that open the row. */
  onOpen?: ((id: string) => void) | undefined;
  openId?: string | null | undefined;
}

/** Presentational: one row per transaction, in the order the API returned them. */
export function TransactionsTable({
  rows,
  labelledBy,
  sorting,
  onOpen,
  openId,
}: TransactionsTableProps) {
  const header = (column: SortableColumn, label: string, className?: string) => (
    <th
      scope="col"
      className={className}
      aria-sort={sorting ? ariaSort(column, sorting.current) : undefined}
    >
      {sorting ? (
        <button
          type="button"
          className="sort-button"
          onClick={() => sorting.onSort(nextSort(column, sorting.current))}
        >
          {label}
          <span aria-hidden="true" className="sort-indicator">
            {ariaSort(column, sorting.current) === 'ascending'
              ? '▲'
              : ariaSort(column, sorting.current)
                ? '▼'
                : ''}
          </span>
        </button>
      ) : (
        label
      )}
    </th>
  );

  return (
    <div className="table-scroll">
      <table className="data-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            {header('time', 'Time (UTC)')}
            <th scope="col">Transaction ID</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            {header('amount', 'Amount', 'numeric')}
            <th scope="col">Direction</th>
            <th scope="col">Category</th>
            {header('risk', 'Risk')}
            <th scope="col">Memo</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={openId === row.id ? 'row-open' : undefined}>
              <td className="nowrap">
                <Timestamp iso={row.timestamp} />
              </td>
              <td className="mono truncate" title={row.txId}>
                {onOpen ? (
                  <button
                    type="button"
                    className="link-button mono"
                    onClick={() => onOpen(row.id)}
                    aria-label={`Details of ${row.txId}`}
                  >
                    {row.txId}
                  </button>
                ) : (
                  row.txId
                )}
              </td>
              <td className="mono truncate" title={row.fromAddress}>
                {row.fromAddress}
              </td>
              <td className="mono truncate" title={row.toAddress}>
                {row.toAddress}
              </td>
              <td className="numeric nowrap">{formatAmount(row.amount, row.currency)}</td>
              <td>
                <span className={`direction direction-${row.direction}`}>
                  {directionLabels[row.direction]}
                </span>
              </td>
              <td>{categoryLabels[row.category]}</td>
              <td className="nowrap" title={row.riskFlags.join(', ') || 'no risk flags'}>
                <RiskBadge score={row.riskScore} bucket={row.riskBucket} />
              </td>
              <td className="memo">{row.memo || <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RiskBadge({
  score,
  bucket,
}: {
  score: number;
  bucket: TransactionRow['riskBucket'];
}) {
  return (
    <span className={`risk risk-${bucket}`}>
      {score.toFixed(2)} {bucket}
    </span>
  );
}
