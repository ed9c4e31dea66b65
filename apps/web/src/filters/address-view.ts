import { useCallback, useMemo } from 'react';
import { navigateTo, useSearch } from '../shell/navigation.js';
import { readSearch, writeSearch } from './search-fields.js';
import type { SearchFields, StringFilters } from './search-fields.js';

/**
 * A page whose view lives in the address bar: its filters, and the row open beside the list, so
 * a view can be shared, reloaded and stepped back through.
 */
export interface AddressView<Filters extends StringFilters<Filters>> {
  path: string;
  fields: SearchFields<Filters>;
  /** The query parameter naming the open row (written after the filters). */
  openParam: string;
}

/** The address of a view, with a row open or not. */
export function viewHref<Filters extends StringFilters<Filters>>(
  view: AddressView<Filters>,
  filters: Filters,
  openId: string | null = null,
): string {
  return `${view.path}${writeSearch(view.fields, filters, { [view.openParam]: openId })}`;
}

/** The view in the address bar, kept current across navigation and Back, and a way to change it. */
export function useAddressView<Filters extends StringFilters<Filters>>(view: AddressView<Filters>) {
  const search = useSearch();
  const filters = useMemo(() => readSearch(view.fields, search), [view, search]);
  const openId = useMemo(() => new URLSearchParams(search).get(view.openParam), [view, search]);
  const go = useCallback(
    (next: Filters, open: string | null) => navigateTo(viewHref(view, next, open)),
    [view],
  );
  return { filters, openId, go };
}
