import type { RouterOutputs } from '../api/types.js';
import { DataTable, hiddenColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { RowButton } from '../ui/RowButton.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { Timestamp } from '../ui/Timestamp.js';
import { isRole, roleLabels, roles } from './roles.js';
import type { Role } from './roles.js';

export type MemberRow = RouterOutputs['users']['list']['items'][number];

const columns: readonly Column[] = [
  'Email',
  'Role',
  'Status',
  'Member since',
  hiddenColumn('Actions'),
];

interface PendingChanges {
  role?: { userId: string; role: Role } | undefined;
  disabled?: { userId: string; disabled: boolean } | undefined;
}

interface MembersTableProps {
  rows: readonly MemberRow[];
  labelledBy: string;
  currentUserId: string;
  pending: PendingChanges;
  onRoleChange: (userId: string, role: Role) => void;
  onDisabledChange: (userId: string, disabled: boolean) => void;
}

/** One row per member: email, role (a select), status, and the Disable/Enable action. */
export function MembersTable({
  rows,
  labelledBy,
  currentUserId,
  pending,
  onRoleChange,
  onDisabledChange,
}: MembersTableProps) {
  const busy = pending.role !== undefined || pending.disabled !== undefined;
  return (
    <DataTable columns={columns} labelledBy={labelledBy}>
      {rows.map((member) => {
        const role = pending.role?.userId === member.id ? pending.role.role : member.role;
        const disabled =
          pending.disabled?.userId === member.id ? pending.disabled.disabled : member.disabled;
        return (
          <tr key={member.id}>
            <th scope="row" className="member-email">
              {member.email}
              {member.id === currentUserId && <span className="muted"> (you)</span>}
            </th>
            <td>
              <select
                className="select"
                aria-label={`Role of ${member.email}`}
                value={role}
                disabled={busy}
                onChange={(event) => {
                  if (isRole(event.target.value)) onRoleChange(member.id, event.target.value);
                }}
              >
                {roles.map((option) => (
                  <option key={option} value={option}>
                    {roleLabels[option]}
                  </option>
                ))}
              </select>
            </td>
            <td>
              <StatusBadge status={disabled ? 'disabled' : 'active'}>
                {disabled ? 'Disabled' : 'Active'}
              </StatusBadge>
            </td>
            <td className="nowrap">
              <Timestamp iso={member.createdAt} />
            </td>
            <td className="actions">
              <RowButton
                label={`${disabled ? 'Enable' : 'Disable'} ${member.email}`}
                onClick={() => onDisabledChange(member.id, !disabled)}
                disabled={busy}
              >
                {disabled ? 'Enable' : 'Disable'}
              </RowButton>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
