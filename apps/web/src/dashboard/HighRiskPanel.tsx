import { formatAmount } from '../format.js';
import { viewHref } from '../filters/address-view.js';
import { explorerView } from '../transactions/filters.js';
import { RiskBadge } from '../transactions/TransactionsTable.js';
import { useTransactionsList } from '../transactions/use-transactions-list.js';
import { hiddenColumn, numericColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { ListTable } from '../ui/ListTable.js';
import { NavLink } from '../ui/NavLink.js';
import { Timestamp } from '../ui/Timestamp.js';

const shown = 5;
const highRisk = { riskBucket: 'high', sort: 'timestamp_desc' } as const;

const columns: readonly Column[] = [
  'Time (UTC)',
  'From → To',
  numericColumn('Amount'),
  'Risk',
  hiddenColumn('Details'),
];

/** The latest high-risk transactions, each a link to its explanation in the explorer. */
export function HighRiskPanel() {
  const { list, rows } = useTransactionsList(highRisk, shown);

  return (
    <section className="panel" aria-labelledby="high-risk-title">
      <div className="panel-header">
        <h2 id="high-risk-title">Recent high-risk transactions</h2>
        <NavLink href={viewHref(explorerView, highRisk)}>See all</NavLink>
      </div>
      <ListTable
        list={list}
        rows={rows}
        loading="Loading…"
        empty="No high-risk transactions."
        columns={columns}
        labelledBy="high-risk-title"
        renderRow={(row) => (
          <>
            <td className="nowrap">
              <Timestamp iso={row.timestamp} />
            </td>
            <td className="mono truncate-wide" title={`${row.fromAddress} → ${row.toAddress}`}>
              {row.fromAddress} → {row.toAddress}
            </td>
            <td className="numeric nowrap">{formatAmount(row.amount, row.currency)}</td>
            <td className="nowrap">
              <RiskBadge score={row.riskScore} bucket={row.riskBucket} />
            </td>
            <td className="actions">
              <NavLink
                href={viewHref(explorerView, highRisk, row.id)}
                label={`Explain ${row.txId}`}
              >
                Explain
              </NavLink>
            </td>
          </>
        )}
      />
    </section>
  );
}
