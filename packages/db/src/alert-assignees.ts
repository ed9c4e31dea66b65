/** What every store does the same way for `alerts.assignees`: who qualifies, the order, the cursor. */
import { decodeCursorPair, encodeCursorPair } from './cursor.js';
import { InvalidCursorError } from './errors.js';
import type { AlertAssignee, Page, Role, User } from './ports.js';

const CURSOR_TAG = 'assignees';
/** Longer than any email a user can have (RFC 5321 allows 254). */
const MAX_EMAIL_CHARS = 320;

/** The roles that work alerts; viewers only read them. */
export const ASSIGNABLE_ROLES = ['analyst', 'admin'] as const satisfies readonly Role[];

/** True for a member an alert may be assigned to (the SQL stores say it in SQL). */
export function isAssignable(user: Pick<User, 'role' | 'disabled'>): boolean {
  return !user.disabled && (ASSIGNABLE_ROLES as readonly Role[]).includes(user.role);
}

/** The rows a store selected as assignees, typed as such (its query already left viewers out). */
export function assigneesOf(rows: readonly Pick<User, 'id' | 'email' | 'role'>[]): AlertAssignee[] {
  return rows.flatMap(({ id, email, role }) => (role === 'viewer' ? [] : [{ id, email, role }]));
}

/** Emails are unique, so the position is the last email. */
export function encodeAssigneeCursor(email: string): string {
  return encodeCursorPair(CURSOR_TAG, email);
}

/** The email a cursor of `encodeAssigneeCursor` holds; `InvalidCursorError` for anything else. */
export function decodeAssigneeCursor(cursor: string): string {
  const [tag, email] = decodeCursorPair(cursor, 600);
  if (
    tag !== CURSOR_TAG ||
    typeof email !== 'string' ||
    email.length === 0 ||
    email.length > MAX_EMAIL_CHARS
  ) {
    throw new InvalidCursorError();
  }
  return email;
}

/**
 * Code point order, the order of SQLite's BINARY collation and PostgreSQL's "C" collation (UTF-8
 * bytes), which JavaScript's `<` on UTF-16 code units differs from above U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A page from `limit + 1` rows in email order: the extra row proves a next page. */
export function assigneePage(rows: AlertAssignee[], limit: number): Page<AlertAssignee> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeAssigneeCursor(last.email) : null,
  };
}
