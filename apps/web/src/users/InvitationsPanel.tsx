import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { formatTimestamp } from '../format.js';
import { InviteForm } from './InviteForm.js';
import { roleLabels } from './roles.js';

const statusLabels = {
  pending: 'Pending',
  accepted: 'Accepted',
  revoked: 'Revoked',
  expired: 'Expired',
} as const;

/** Invite someone with a role; see the organization's invitations and revoke pending ones. */
export function InvitationsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.org.invitations.queryOptions());
  const refreshInvitations = () => queryClient.invalidateQueries(trpc.org.invitations.pathFilter());
  const revoke = useMutation(
    trpc.org.revokeInvitation.mutationOptions({ onSuccess: refreshInvitations }),
  );
  const items = invitations.data?.items ?? [];
  const failure = revoke.error ?? invitations.error;

  return (
    <section className="panel" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      <InviteForm onInvited={() => void refreshInvitations()} />
      {failure && (
        <p role="alert" className="form-error">
          {describeApiError(failure).message}
        </p>
      )}
      {invitations.isSuccess && items.length === 0 && <p className="muted">No invitations yet.</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label="Invitations sent">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Expires (UTC)</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((invitation) => (
                <tr key={invitation.id}>
                  <th scope="row" className="member-email">
                    {invitation.email}
                  </th>
                  <td>{roleLabels[invitation.role]}</td>
                  <td>
                    <span className={`status status-${invitation.status}`}>
                      {statusLabels[invitation.status]}
                    </span>
                  </td>
                  <td className="nowrap">
                    <time dateTime={invitation.expiresAt}>
                      {formatTimestamp(invitation.expiresAt)}
                    </time>
                  </td>
                  <td className="actions">
                    {invitation.status === 'pending' && (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={`Revoke the invitation of ${invitation.email}`}
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate({ id: invitation.id })}
                      >
                        Revoke
                      </button>
                    )}
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
