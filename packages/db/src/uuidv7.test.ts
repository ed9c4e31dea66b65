import { describe, expect, it } from 'vitest';
import { isUuid, uuidv7 } from './uuidv7.js';

const RFC_9562_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function millisOf(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

describe('uuidv7', () => {
  it('has the RFC 9562 shape: version 7, variant 10', () => {
    for (let i = 0; i < 1000; i++) expect(uuidv7()).toMatch(RFC_9562_V7);
  });

  it('carries the creation time in its first 48 bits', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(millisOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisOf(id)).toBeLessThanOrEqual(after);
    const fixed = Date.parse('2030-01-02T03:04:05.678Z');
    expect(millisOf(uuidv7(fixed))).toBe(fixed);
  });

  it('is strictly increasing, also within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays increasing when one millisecond holds more ids than the counter (4096)', () => {
    const now = Date.parse('2031-01-01T00:00:00.000Z');
    const ids = Array.from({ length: 10_000 }, () => uuidv7(now));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(ids.every((id) => RFC_9562_V7.test(id))).toBe(true);
  });

  it('stays increasing when the clock goes back', () => {
    const first = uuidv7(Date.parse('2032-01-01T00:00:00.000Z'));
    const second = uuidv7(Date.parse('2001-01-01T00:00:00.000Z'));
    expect(second > first).toBe(true);
  });
});

describe('isUuid', () => {
  it('accepts lower-case hyphenated UUIDs only', () => {
    expect(isUuid(uuidv7())).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(isUuid(uuidv7().toUpperCase())).toBe(false);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(isUuid(`${uuidv7()} `)).toBe(false);
  });
});
