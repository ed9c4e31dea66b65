import { useInfiniteQuery } from '@tanstack/react-query';
import { nextPageOf, rowsOf } from '../api/paging.js';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import { apiFilters } from './filters.js';
import type { ExplorerFilters } from './filters.js';

/**
 * The transactions a view shows, page by page. Not infiniteQueryOptions: tRPC adds its paging
 * `direction` ("forward") to the input, which collides with the list's `direction` filter.
 */
export function useTransactionsList(filters: ExplorerFilters, pageSize: number) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { limit: pageSize, ...apiFilters(filters) };
  const list = useInfiniteQuery({
    queryKey: trpc.transactions.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) =>
      client.transactions.list.query({
        ...input,
        ...(pageParam === null ? {} : { cursor: pageParam }),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: nextPageOf,
  });
  return { list, rows: rowsOf(list.data) };
}
