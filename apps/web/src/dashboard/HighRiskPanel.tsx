import { describeApiError } from '../api/errors.js';
import { formatAmount, formatTimestamp } from '../format.js';
import { pagePaths } from '../shell/navigation.js';
import { searchOfFilters } from '../transactions/filters.js';
import { RiskBadge } from '../transactions/TransactionsTable.js';
import { useTransactionsList } from '../transactions/use-transactions-list.js';
import { NavLink } from '../ui/NavLink.js';

const shown = 5;
const highRisk = { riskBucket: 'high', sort: 'timestamp_desc' } as const;

/** The latest high-risk transactions, each a link to its explanation in the explorer. */
export function HighRiskPanel() {
  const { list, rows } = useTransactionsList(highRisk, shown);
  const explorerHref = (tx?: string) =>
    `${pagePaths.transactions}${searchOfFilters(highRisk, { tx })}`;

  return (
    <section className="panel" aria-labelledby="high-risk-title">
      <div className="panel-header">
        <h2 id="high-risk-title">Recent high-risk transactions</h2>
        <NavLink href={explorerHref()}>See all</NavLink>
      </div>
      {list.isPending && <p className="muted">Loading…</p>}
      {list.isError && (
        <p role="alert" className="form-error">
          {describeApiError(list.error).message}
        </p>
      )}
      {list.isSuccess && rows.length === 0 && (
        <p className="empty-state">No high-risk transactions.</p>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="high-risk-title">
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">From → To</th>
                <th scope="col" className="numeric">
                  Amount
                </th>
                <th scope="col">Risk</th>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className="nowrap">
                    <time dateTime={row.timestamp}>{formatTimestamp(row.timestamp)}</time>
                  </td>
                  <td
                    className="mono truncate-wide"
                    title={`${row.fromAddress} → ${row.toAddress}`}
                  >
                    {row.fromAddress} → {row.toAddress}
                  </td>
                  <td className="numeric nowrap">{formatAmount(row.amount, row.currency)}</td>
                  <td className="nowrap">
                    <RiskBadge score={row.riskScore} bucket={row.riskBucket} />
                  </td>
                  <td className="actions">
                    <NavLink href={explorerHref(row.id)} label={`Explain ${row.txId}`}>
                      Explain
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
