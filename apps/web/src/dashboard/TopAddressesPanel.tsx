import type { RouterOutputs } from '../api/types.js';
import { viewHref } from '../filters/address-view.js';
import { explorerView } from '../transactions/filters.js';
import { DataTable, numericColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { NavLink } from '../ui/NavLink.js';
import { RangePanel } from './RangePanel.js';

type TopAddress = RouterOutputs['analytics']['summary']['topRiskAddresses'][number];

const columns: readonly Column[] = [
  'Address',
  numericColumn('Highest'),
  numericColumn('Average'),
  numericColumn('Transactions'),
];

/** The counterparties with the riskiest transactions; each opens the explorer on that address. */
export function TopAddressesPanel({ addresses }: { addresses: readonly TopAddress[] }) {
  return (
    <RangePanel
      titleId="top-addresses-title"
      title="Riskiest addresses"
      isEmpty={addresses.length === 0}
    >
      <DataTable columns={columns} labelledBy="top-addresses-title" compact>
        {addresses.map((row) => (
          <tr key={row.address}>
            <th scope="row" className="mono truncate-wide">
              <NavLink
                href={viewHref(explorerView, { wallet: row.address, sort: 'risk_desc' })}
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
      </DataTable>
    </RangePanel>
  );
}
