import { useAddressView } from '../filters/address-view.js';
import { defaultSort, explorerView } from './filters.js';
import type { ExplorerFilters, TransactionSort } from './filters.js';

/**
 * The explorer's state lives in the address bar (filters, sort, the open row), so a view can be
 * shared, reloaded and stepped back through.
 */
export function useExplorerLocation() {
  const { filters, openId, go } = useAddressView(explorerView);
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
