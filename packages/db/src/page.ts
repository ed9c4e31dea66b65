import { encodeCursor } from './cursor.js';
import type { Page, Transaction } from './ports.js';

/** Builds a page from `limit + 1` rows fetched newest first: the extra row proves a next page. */
export function transactionPage(rows: Transaction[], limit: number): Page<Transaction> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ timestampMs: Date.parse(last.timestamp), id: last.id })
      : null;
  return { items, nextCursor };
}

/** Builds a page of users fetched oldest first (createdAt, id), `limit + 1` of them. */
export function userPage<T extends { createdAt: string; id: string }>(
  rows: T[],
  limit: number,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ timestampMs: Date.parse(last.createdAt), id: last.id })
      : null;
  return { items, nextCursor };
}
