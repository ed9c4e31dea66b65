import type { RouterOutputs } from '../api/types.js';
import { formatAmount, formatTimestamp } from '../format.js';

export type TransactionRow = RouterOutputs['transactions']['list']['items'][number];

const directionLabels = { in: 'In', out: 'Out' } as const;

/** Presentational: one row per transaction, newest first as the API orders them. */
export function TransactionsTable({
  rows,
  labelledBy,
}: {
  rows: readonly TransactionRow[];
  labelledBy: string;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Transaction ID</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col" className="numeric">
              Amount
            </th>
            <th scope="col">Direction</th>
            <th scope="col">Risk</th>
            <th scope="col">Memo</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="nowrap">
                <time dateTime={row.timestamp}>{formatTimestamp(row.timestamp)}</time>
              </td>
              <td className="mono truncate" title={row.txId}>
                {row.txId}
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
              <td className="nowrap" title={row.riskFlags.join(', ') || 'no risk flags'}>
                <span className={`risk risk-${row.riskBucket}`}>
                  {row.riskScore.toFixed(2)} {row.riskBucket}
                </span>
              </td>
              <td className="memo">{row.memo || <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
