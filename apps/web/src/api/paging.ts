/** Lists page with `{ items, nextCursor }`; these read them for TanStack's infinite queries. */

/** The cursor of the page after this one; undefined on the last page. */
export const nextPageOf = (page: { nextCursor: string | null }): string | undefined =>
  page.nextCursor ?? undefined;

/** Every row loaded so far, in order. */
export function rowsOf<Item>(
  data: { pages: readonly { items: readonly Item[] }[] } | undefined,
): Item[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}
