import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { InvalidCursorError } from './errors.js';
import { uuidv7 } from './uuidv7.js';

describe('list cursors', () => {
  it('round-trips a position as url-safe text', () => {
    const position = { timestampMs: Date.parse('2024-01-01T00:00:00.123Z'), id: uuidv7() };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['an object', Buffer.from('{"timestampMs":1,"id":"x"}').toString('base64url')],
    ['a fractional time', Buffer.from(`[1.5,"${uuidv7()}"]`).toString('base64url')],
    ['a bad id', Buffer.from(`[1,"' OR 1=1--"]`).toString('base64url')],
    ['too long', 'a'.repeat(500)],
  ])('refuses %s', (_, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });
});
