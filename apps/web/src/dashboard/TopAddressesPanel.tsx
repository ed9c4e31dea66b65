import type { RouterOutputs } from '../api/types.js';
import { pagePaths } from '../shell/navigation.js';
import { searchOfFilters } from '../transactions/filters.js';
import { NavLink } from '../ui/NavLink.js';

type TopAddress = RouterOutputs['analytics']['summary']['topRiskAddresses'][number];

/** The counterparties with the riskiest transactions; each opens the explorer on that address. */
export function TopAddressesPanel({ addresses }: { addresses: readonly TopAddress[] }) {
  return (
    <section className="panel" aria-labelledby="top-addresses-title">
      <h2 id="top-addresses-title">Riskiest addresses</h2>
      {addresses.length === 0 ? (
        <p className="empty-state">No transactions in this range.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table compact" aria-labelledby="top-addresses-title">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col" className="numeric">
                  Highest
                </th>
                <th scope="col" className="numeric">
                  Average
                </th>
                <th scope="col" className="numeric">
                  Transactions
                </th>
              </tr>
            </thead>
            <tbody>
              {addresses.map((row) => (
                <tr key={row.address}>
                  <th scope="row" className="mono truncate-wide">
                    <NavLink
                      href={`${pagePaths.transactions}${searchOfFilters({ wallet: row.address, sort: 'risk_desc' })}`}
                      label={`Transactions of ${row.address}`}
                    >
                      {row.address}
                    </NavLink>
                  </th>
                  <td className="numeric">{row.maxRisk.toFixed(2)}</td>
                  <td className="numeric">{row.averageRisk.toFixed(2)}</td>
                  <td className="numeric">{row.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
