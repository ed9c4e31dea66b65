import { useInfiniteQuery } from '@tanstack/react-query';
import { describeApiError } from '../api/errors.js';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import { TransactionsTable } from './TransactionsTable.js';

const pageSize = 25;

export function TransactionsPanel() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  // Not infiniteQueryOptions: tRPC adds its paging `direction` ("forward") to the input, which
  // collides with the list's own `direction` filter ("in" | "out").
  const transactions = useInfiniteQuery({
    queryKey: trpc.transactions.list.infiniteQueryKey({ limit: pageSize }),
    queryFn: ({ pageParam }) =>
      client.transactions.list.query({
        limit: pageSize,
        ...(pageParam === null ? {} : { cursor: pageParam }),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = transactions.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="panel transactions-panel" aria-labelledby="transactions-title">
      <div className="panel-header">
        <h2 id="transactions-title">Transactions</h2>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void transactions.refetch()}
          disabled={transactions.isFetching}
        >
          {transactions.isRefetching && !transactions.isFetchingNextPage
            ? 'Refreshing…'
            : 'Refresh'}
        </button>
      </div>
      {transactions.isPending && <p className="muted">Loading transactions…</p>}
      {transactions.isError && (
        <p role="alert" className="form-error">
          {describeApiError(transactions.error).message}
        </p>
      )}
      {transactions.isSuccess && rows.length === 0 && (
        <p className="empty-state">
          No transactions yet. Ingest some through the API or the SDK and they appear here.
        </p>
      )}
      {rows.length > 0 && <TransactionsTable rows={rows} labelledBy="transactions-title" />}
      {rows.length > 0 && (
        <div className="panel-footer">
          <p className="muted" aria-live="polite">
            Showing {rows.length} transaction{rows.length === 1 ? '' : 's'}
          </p>
          {transactions.hasNextPage && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void transactions.fetchNextPage()}
              disabled={transactions.isFetchingNextPage}
            >
              {transactions.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
