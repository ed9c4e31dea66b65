import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { MembersTable } from './MembersTable.js';
import type { Role } from './roles.js';

const pageSize = 50;

/** Members with their role and status; an admin changes roles and disables or enables accounts. */
export function MembersPanel({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useInfiniteQuery(
    trpc.users.list.infiniteQueryOptions(
      { limit: pageSize },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const refreshMembers = () => queryClient.invalidateQueries(trpc.users.list.pathFilter());
  // Accepted invitations become members: the page's Refresh brings both up to date.
  const refreshPage = () =>
    Promise.all([
      refreshMembers(),
      queryClient.invalidateQueries(trpc.org.invitations.pathFilter()),
    ]);
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refreshMembers }));
  const setDisabled = useMutation(
    trpc.users.setDisabled.mutationOptions({ onSuccess: refreshMembers }),
  );
  const rows = members.data?.pages.flatMap((page) => page.items) ?? [];
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
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void refreshPage()}
          disabled={members.isFetching}
        >
          {members.isRefetching && !members.isFetchingNextPage ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {failure && (
        <p role="alert" className="form-error">
          {describeApiError(failure).message}
        </p>
      )}
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
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void members.fetchNextPage()}
            disabled={members.isFetchingNextPage}
          >
            {members.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
