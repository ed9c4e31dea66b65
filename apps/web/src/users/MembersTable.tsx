import type { RouterOutputs } from '../api/types.js';
import { formatTimestamp } from '../format.js';
import { isRole, roleLabels, roles } from './roles.js';
import type { Role } from './roles.js';

export type MemberRow = RouterOutputs['users']['list']['items'][number];

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
    <div className="table-scroll">
      <table className="data-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Member since</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
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
                  <span className={`status status-${disabled ? 'disabled' : 'active'}`}>
                    {disabled ? 'Disabled' : 'Active'}
                  </span>
                </td>
                <td className="nowrap">
                  <time dateTime={member.createdAt}>{formatTimestamp(member.createdAt)}</time>
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    aria-label={`${disabled ? 'Enable' : 'Disable'} ${member.email}`}
                    disabled={busy}
                    onClick={() => onDisabledChange(member.id, !disabled)}
                  >
                    {disabled ? 'Enable' : 'Disable'}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
