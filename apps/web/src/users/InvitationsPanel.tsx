import { useMutation, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import { useInvalidate } from '../api/use-invalidate.js';
import { DataTable, hiddenColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { ApiErrorAlert } from '../ui/ErrorAlert.js';
import { RowButton } from '../ui/RowButton.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { Timestamp } from '../ui/Timestamp.js';
import { InviteForm } from './InviteForm.js';
import { roleLabels } from './roles.js';

const statusLabels = {
  pending: 'Pending',
  accepted: 'Accepted',
  revoked: 'Revoked',
  expired: 'Expired',
} as const;

const columns: readonly Column[] = [
  'Email',
  'Role',
  'Status',
  'Expires (UTC)',
  hiddenColumn('Actions'),
];

/** Invite someone with a role; see the organization's invitations and revoke pending ones. */
export function InvitationsPanel() {
  const trpc = useTRPC();
  const invitations = useQuery(trpc.org.invitations.queryOptions());
  const refreshInvitations = useInvalidate(trpc.org.invitations.pathFilter());
  const revoke = useMutation(
    trpc.org.revokeInvitation.mutationOptions({ onSuccess: refreshInvitations }),
  );
  const items = invitations.data?.items ?? [];
  const failure = revoke.error ?? invitations.error;

  return (
    <section className="panel" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      <InviteForm onInvited={() => void refreshInvitations()} />
      <ApiErrorAlert error={failure} />
      {invitations.isSuccess && items.length === 0 && <p className="muted">No invitations yet.</p>}
      {items.length > 0 && (
        <DataTable columns={columns} label="Invitations sent">
          {items.map((invitation) => (
            <tr key={invitation.id}>
              <th scope="row" className="member-email">
                {invitation.email}
              </th>
              <td>{roleLabels[invitation.role]}</td>
              <td>
                <StatusBadge status={invitation.status}>
                  {statusLabels[invitation.status]}
                </StatusBadge>
              </td>
              <td className="nowrap">
                <Timestamp iso={invitation.expiresAt} />
              </td>
              <td className="actions">
                {invitation.status === 'pending' && (
                  <RowButton
                    label={`Revoke the invitation of ${invitation.email}`}
                    onClick={() => revoke.mutate({ id: invitation.id })}
                    disabled={revoke.isPending}
                  >
                    Revoke
                  </RowButton>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
