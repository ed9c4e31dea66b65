import { InvalidCursorError } from './errors.js';
import { isUuid } from './uuidv7.js';

/** Where a page ended: the last row's (timestamp, id), the list's sort key. */
export interface ListPosition {
  timestampMs: number;
  id: string;
}

/** Every cursor is base64url of a JSON pair. */
export function encodeCursorPair(first: unknown, second: unknown): string {
  return Buffer.from(JSON.stringify([first, second]), 'utf8').toString('base64url');
}

/** The pair inside a cursor of at most `maxLength` characters; `InvalidCursorError` otherwise. */
export function decodeCursorPair(cursor: string, maxLength: number): [unknown, unknown] {
  if (cursor.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw new InvalidCursorError();
  return decoded as [unknown, unknown];
}

/** An opaque base64url token; the same on every store, so a cursor survives a store switch. */
export function encodeCursor(position: ListPosition): string {
  return encodeCursorPair(position.timestampMs, position.id);
}

/** Throws `InvalidCursorError` for anything `encodeCursor` did not produce. */
export function decodeCursor(cursor: string): ListPosition {
  const [timestampMs, id] = decodeCursorPair(cursor, 200);
  if (typeof timestampMs !== 'number' || !Number.isSafeInteger(timestampMs)) {
    throw new InvalidCursorError();
  }
  if (typeof id !== 'string' || !isUuid(id)) throw new InvalidCursorError();
  return { timestampMs, id };
}
