/** What every store does the same way for `alerts.list`: the cursor, the page and the shape. */
import type { CheckedAlertFilter } from './alert-input.js';
import { decodeCursorPair, encodeCursorPair } from './cursor.js';
import { InvalidCursorError } from './errors.js';
import type { Alert, Page } from './ports.js';
import { isUuid } from './uuidv7.js';

const CURSOR_TAG = 'alerts';

/** Lists run newest first by id alone (UUIDv7), so the position is the last id. */
export function encodeAlertCursor(id: string): string {
  return encodeCursorPair(CURSOR_TAG, id);
}

/** The id a cursor of `encodeAlertCursor` holds; `InvalidCursorError` for anything else. */
export function decodeAlertCursor(cursor: string): string {
  const [tag, id] = decodeCursorPair(cursor, 200);
  if (tag !== CURSOR_TAG || typeof id !== 'string' || !isUuid(id)) {
    throw new InvalidCursorError();
  }
  return id;
}

/** A page from `limit + 1` rows fetched newest first: the extra row proves a next page. */
export function alertPage(rows: Alert[], limit: number): Page<Alert> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeAlertCursor(last.id) : null,
  };
}

/** What a list statement's SQL depends on: which filters are present, and a cursor or not. */
export function alertListShapeKey(filter: CheckedAlertFilter, hasCursor: boolean): string {
  const parts = [hasCursor ? 'after' : 'first'];
  if (filter.status !== undefined) parts.push('status');
  if (filter.assignee !== undefined)
    parts.push(filter.assignee.id === null ? 'unassigned' : 'assignee');
  if (filter.riskBucket !== undefined) parts.push('bucket');
  if (filter.fromMs !== undefined) parts.push('from');
  if (filter.toMs !== undefined) parts.push('to');
  return parts.join(',');
}

/** Shapes kept per repository (2 × 2 × 3 × 2 × 2 × 2 = 96 are possible). */
export const ALERT_LIST_STATEMENT_CAPACITY = 32;

/** True when `alert` passes `filter` (the memory store; the SQL stores say it in SQL). */
export function matchesAlertFilter(
  alert: Pick<Alert, 'status' | 'assigneeId' | 'riskBucket' | 'createdAt'>,
  filter: CheckedAlertFilter,
): boolean {
  const createdMs = Date.parse(alert.createdAt);
  return (
    (filter.status === undefined || alert.status === filter.status) &&
    (filter.assignee === undefined || alert.assigneeId === filter.assignee.id) &&
    (filter.riskBucket === undefined || alert.riskBucket === filter.riskBucket) &&
    (filter.fromMs === undefined || createdMs >= filter.fromMs) &&
    (filter.toMs === undefined || createdMs <= filter.toMs)
  );
}
