import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { nextPageOf, rowsOf } from '../api/paging.js';
import { useTRPC } from '../api/trpc.js';
import { useInvalidate } from '../api/use-invalidate.js';
import { ApiErrorAlert } from '../ui/ErrorAlert.js';
import { LoadMoreButton, RefreshButton } from '../ui/ListButtons.js';
import { MembersTable } from './MembersTable.js';
import type { Role } from './roles.js';

const pageSize = 50;

/** Members with their role and status; an admin changes roles and disables or enables accounts. */
export function MembersPanel({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const members = useInfiniteQuery(
    trpc.users.list.infiniteQueryOptions({ limit: pageSize }, { getNextPageParam: nextPageOf }),
  );
  const refreshMembers = useInvalidate(trpc.users.list.pathFilter());
  // Accepted invitations become members: the page's Refresh brings both up to date.
  const refreshPage = useInvalidate(
    trpc.users.list.pathFilter(),
    trpc.org.invitations.pathFilter(),
  );
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refreshMembers }));
  const setDisabled = useMutation(
    trpc.users.setDisabled.mutationOptions({ onSuccess: refreshMembers }),
  );
  const rows = rowsOf(members.data);
  const failure = setRole.error ?? setDisabled.error ?? members.error;

  const changeRole = (userId: string, role: Role) => {
    setDisabled.reset();
    setRole.mutate({ userId, role });
  };
  const changeDisabled = (userId: string, disabled: boolean) => {
    setRole.reset();
    setDisabled.mutate({ userId, disabled });
  };

  // While a change is on its way, its row shows what was asked for.
  const pending = {
    role: setRole.isPending ? setRole.variables : undefined,
    disabled: setDisabled.isPending ? setDisabled.variables : undefined,
  };

  return (
    <section className="panel" aria-labelledby="members-title">
      <div className="panel-header">
        <h2 id="members-title">Users</h2>
        <RefreshButton list={members} onRefresh={refreshPage} />
      </div>
      <ApiErrorAlert error={failure} />
      {members.isPending && <p className="muted">Loading users…</p>}
      {rows.length > 0 && (
        <MembersTable
          rows={rows}
          labelledBy="members-title"
          currentUserId={currentUserId}
          pending={pending}
          onRoleChange={changeRole}
          onDisabledChange={changeDisabled}
        />
      )}
      {members.hasNextPage && (
        <div className="panel-footer">
          <LoadMoreButton list={members} />
        </div>
      )}
    </section>
  );
}
