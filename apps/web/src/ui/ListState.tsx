import type { ReactNode } from 'react';

/** What a list says instead of rows: that it is loading, or that it holds none. */
export function ListState({
  list,
  rowCount,
  loading,
  empty,
}: {
  list: { isPending: boolean; isSuccess: boolean };
  rowCount: number;
  /** Left out, nothing is said while loading. */
  loading?: string | undefined;
  empty: ReactNode;
}) {
  return (
    <>
      {loading !== undefined && list.isPending && <p className="muted">{loading}</p>}
      {list.isSuccess && rowCount === 0 && <p className="empty-state">{empty}</p>}
    </>
  );
}
