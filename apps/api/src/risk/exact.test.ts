import { describe, expect, it } from 'vitest';
import { exceedsMultiple, toExact } from './exact.js';

describe('exceedsMultiple(value, base, n, d): value > base × n / d, exactly', () => {
  it.each([
    ['1', '100', 1n, 100n, false],
    ['1.000000000000000001', '100', 1n, 100n, true],
    ['0.1', '0.3', 1n, 3n, false],
    ['100.000001', '10.0', 10n, 1n, true],
    ['100', '10', 10n, 1n, false],
    ['0', '0', 10n, 1n, false],
    ['0.000000000000000001', '0', 10n, 1n, true],
    ['-1', '-0.2', 10n, 1n, true],
    [
      '99999999999999999999.999999999999999999',
      '9999999999999999999.9999999999999999999',
      10n,
      1n,
      false,
    ],
    [
      '99999999999999999999.999999999999999999',
      '9999999999999999999.9999999999999999998',
      10n,
      1n,
      true,
    ],
  ])('%s > %s × %s / %s is %s', (value, base, n, d, expected) => {
    expect(exceedsMultiple(toExact(value), toExact(base), n, d)).toBe(expected);
  });

  it('refuses a denominator that is not positive', () => {
    expect(() => exceedsMultiple(toExact('1'), toExact('1'), 1n, 0n)).toThrow(RangeError);
  });
});
