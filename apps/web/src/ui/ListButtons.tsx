/** The buttons of a paged list (TanStack infinite queries, or anything shaped like one). */

interface PagedList {
  isFetching: boolean;
  isRefetching: boolean;
  isFetchingNextPage: boolean;
  refetch: () => Promise<unknown>;
  fetchNextPage: () => Promise<unknown>;
}

/** Fetches the next page; says so while it loads. */
export function LoadMoreButton({
  list,
}: {
  list: Pick<PagedList, 'isFetchingNextPage' | 'fetchNextPage'>;
}) {
  return (
    <button
      type="button"
      className="button button-secondary"
      onClick={() => void list.fetchNextPage()}
      disabled={list.isFetchingNextPage}
    >
      {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
    </button>
  );
}

/** Fetches the list again (or runs `onRefresh`, which brings it and more up to date). */
export function RefreshButton({
  list,
  onRefresh,
}: {
  list: Pick<PagedList, 'isFetching' | 'isRefetching' | 'isFetchingNextPage' | 'refetch'>;
  onRefresh?: (() => Promise<unknown>) | undefined;
}) {
  return (
    <button
      type="button"
      className="button button-secondary"
      onClick={() => void (onRefresh ? onRefresh() : list.refetch())}
      disabled={list.isFetching}
    >
      {list.isRefetching && !list.isFetchingNextPage ? 'Refreshing…' : 'Refresh'}
    </button>
  );
}
