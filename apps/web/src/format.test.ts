import { describe, expect, it } from 'vitest';
import { formatAmount, formatDuration, formatTimestamp } from './format.js';

describe('formatTimestamp', () => {
  it.each([
    ['2025-03-01T12:30:05.000Z', '2025-03-01 12:30:05 UTC'],
    ['2025-03-01T23:59:59.999+00:00', '2025-03-01 23:59:59 UTC'],
    ['2025-03-01T01:00:00+02:00', '2025-02-28 23:00:00 UTC'],
    ['not a time', 'not a time'],
  ])('%s → %s', (iso, shown) => {
    expect(formatTimestamp(iso)).toBe(shown);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [42.9, '42 s'],
    [60, '1 min 0 s'],
    [3_599, '59 min 59 s'],
    [3_600, '1 h'],
    [3_725, '1 h 2 min'],
    [86_400, '1 d'],
    [90_061, '1 d 1 h'],
    [-5, '0 s'],
  ])('%d s → %s', (seconds, shown) => {
    expect(formatDuration(seconds)).toBe(shown);
  });
});

describe('formatAmount', () => {
  it('shows the exact decimal string, never a rounded float', () => {
    expect(formatAmount('0.30000000000000000001', 'XRP')).toBe('0.30000000000000000001 XRP');
    expect(formatAmount('12345678901234567890.5', 'USD')).toBe('12345678901234567890.5 USD');
  });
});
