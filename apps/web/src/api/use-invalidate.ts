import { useQueryClient } from '@tanstack/react-query';
import type { InvalidateQueryFilters } from '@tanstack/react-query';

/**
 * A way to bring queries up to date after a change: those matching any filter (e.g.
 * `trpc.wallets.list.pathFilter()`) are marked stale and the ones on screen fetched again.
 */
export function useInvalidate(...filters: InvalidateQueryFilters[]): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all(filters.map((filter) => queryClient.invalidateQueries(filter)));
  };
}
