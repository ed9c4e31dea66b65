import { InvalidCursorError } from './errors.js';
import { isUuid } from './uuidv7.js';

/** Where a page ended: the last row's (timestamp, id), the list's sort key. */
export interface ListPosition {
  timestampMs: number;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;

/** An opaque base64url token; the same on every store, so a cursor survives a store switch. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.timestampMs, position.id]), 'utf8').toString(
    'base64url',
  );
}

/** Throws `InvalidCursorError` for anything `encodeCursor` did not produce. */
export function decodeCursor(cursor: string): ListPosition {
  if (!BASE64URL.test(cursor)) throw new InvalidCursorError();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw new InvalidCursorError();
  const [timestampMs, id] = decoded as unknown[];
  if (typeof timestampMs !== 'number' || !Number.isSafeInteger(timestampMs)) {
    throw new InvalidCursorError();
  }
  if (typeof id !== 'string' || !isUuid(id)) throw new InvalidCursorError();
  return { timestampMs, id };
}
