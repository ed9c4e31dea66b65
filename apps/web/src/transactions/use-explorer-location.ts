import { useCallback, useMemo } from 'react';
import { navigateTo, pagePaths, useSearch } from '../shell/navigation.js';
import { defaultSort, filtersFromSearch, searchOfFilters } from './filters.js';
import type { ExplorerFilters, TransactionSort } from './filters.js';

/**
 * The explorer's state lives in the address bar (filters, sort, the open row), so a view can be
 * shared, reloaded and stepped back through.
 */
export function useExplorerLocation() {
  const search = useSearch();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const openId = useMemo(() => new URLSearchParams(search).get('tx'), [search]);

  const go = useCallback((next: ExplorerFilters, tx: string | null) => {
    navigateTo(`${pagePaths.transactions}${searchOfFilters(next, { tx: tx ?? undefined })}`);
  }, []);

  return {
    filters,
    sort: filters.sort ?? defaultSort,
    openId,
    /** New filters close the open row: it may not be in the new list. */
    applyFilters: (next: ExplorerFilters) => go({ ...next, sort: filters.sort }, null),
    applySort: (sort: TransactionSort) => go({ ...filters, sort }, openId),
    open: (id: string | null) => go(filters, id),
  };
}
