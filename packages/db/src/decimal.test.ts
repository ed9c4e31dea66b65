import { describe, expect, it } from 'vitest';
import {
  InvalidDecimalError,
  addDecimals,
  canonicalDecimal,
  decimalSortKey,
  medianDecimal,
  compareDecimals,
  parseDecimal,
  sumDecimals,
  type DecimalErrorReason,
} from './decimal.js';
import { InvalidInputError } from './errors.js';

describe('parseDecimal', () => {
  it.each([
    ['0', '0'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['000', '0'],
    ['0.10', '0.1'],
    ['1.0', '1'],
    ['007.5', '7.5'],
    ['-12.340', '-12.34'],
    ['100', '100'],
    ['0.000000000000000001', '0.000000000000000001'],
    ['99999999999999999999.999999999999999999', '99999999999999999999.999999999999999999'],
    ['-99999999999999999999.999999999999999999', '-99999999999999999999.999999999999999999'],
    // Leading integer zeros and trailing fraction zeros do not count toward the limits.
    ['0000000000000000000000001', '1'],
    ['1.00000000000000000000000', '1'],
  ])('accepts %j as %j', (input, canonical) => {
    expect(parseDecimal(input)).toEqual({ ok: true, value: canonical });
  });

  it.each<[unknown, DecimalErrorReason]>([
    ['', 'empty'],
    ['1e400', 'not_plain_decimal'],
    ['1E5', 'not_plain_decimal'],
    ['NaN', 'not_plain_decimal'],
    ['Infinity', 'not_plain_decimal'],
    ['-Infinity', 'not_plain_decimal'],
    ['1,000', 'not_plain_decimal'],
    [' 1', 'not_plain_decimal'],
    ['1 ', 'not_plain_decimal'],
    ['+1', 'not_plain_decimal'],
    ['--1', 'not_plain_decimal'],
    ['.5', 'not_plain_decimal'],
    ['5.', 'not_plain_decimal'],
    ['1.2.3', 'not_plain_decimal'],
    ['0x10', 'not_plain_decimal'],
    ['١٢', 'not_plain_decimal'],
    ['-', 'not_plain_decimal'],
    ['123456789012345678901', 'too_many_integer_digits'],
    ['0.1234567890123456789', 'too_many_fraction_digits'],
    [12, 'not_a_string'],
    [null, 'not_a_string'],
  ])('rejects %j (%s)', (input, reason) => {
    const result = parseDecimal(input as string);
    expect(result).toEqual({ ok: false, reason, message: expect.any(String) as string });
  });
});

describe('canonicalDecimal', () => {
  it.each([
    ['0.10', '0.1'],
    ['-0', '0'],
    ['00012.000', '12'],
    ['-000.5000', '-0.5'],
    // No digit limits: sums may outgrow an amount.
    [
      '123456789012345678901234567890.1234567890123456789',
      '123456789012345678901234567890.1234567890123456789',
    ],
  ])('%j → %j', (input, expected) => {
    expect(canonicalDecimal(input)).toBe(expected);
  });

  it('throws a typed error for anything but plain notation', () => {
    expect(() => canonicalDecimal('1e3')).toThrow(InvalidDecimalError);
    expect(() => canonicalDecimal('1e3')).toThrow(InvalidInputError);
    try {
      canonicalDecimal('');
    } catch (error) {
      expect((error as InvalidDecimalError).reason).toBe('empty');
    }
  });
});

describe('addDecimals', () => {
  it.each([
    ['0.1', '0.2', '0.3'],
    ['1', '-1', '0'],
    ['-0.1', '-0.2', '-0.3'],
    ['0.5', '-1.25', '-0.75'],
    ['99999999999999999999.999999999999999999', '0.000000000000000001', '100000000000000000000'],
    ['1.000000000000000001', '2', '3.000000000000000001'],
    ['10', '0.00', '10'],
  ])('%s + %s = %s', (a, b, sum) => {
    expect(addDecimals(a, b)).toBe(sum);
    expect(addDecimals(b, a)).toBe(sum);
  });
});

describe('sumDecimals', () => {
  it('is "0" for nothing', () => {
    expect(sumDecimals([])).toBe('0');
  });

  it('sums exactly where floating point would not', () => {
    expect(sumDecimals(Array.from({ length: 10 }, () => '0.1'))).toBe('1');
    expect(sumDecimals(['0.1', '0.2', '0.3', '-0.6'])).toBe('0');
  });

  it('keeps every digit of large sums', () => {
    const max = '99999999999999999999.999999999999999999';
    expect(sumDecimals([max, max, max])).toBe('299999999999999999999.999999999999999997');
  });
});

describe('compareDecimals', () => {
  it.each<[string, string, -1 | 0 | 1]>([
    ['1', '1.0', 0],
    ['0.1', '0.10', 0],
    ['-0', '0', 0],
    ['0.2', '0.10', 1],
    ['-1', '0.5', -1],
    ['-2', '-10', 1],
    ['100.000000000000000001', '100', 1],
    ['99999999999999999999', '100000000000000000000', -1],
  ])('compare(%s, %s) = %i', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
    expect(compareDecimals(b, a)).toBe(-expected === 0 ? 0 : -expected);
  });
});

describe('decimalSortKey', () => {
  it('orders keys as the numbers they stand for, equal values giving equal keys', () => {
    const values = [
      '-99999999999999999999.999999999999999999',
      '-10',
      '-9.99',
      '-0.000000000000000001',
      '0',
      '0.000000000000000001',
      '1',
      '1.5',
      '10',
      '99999999999999999999.999999999999999999',
    ];
    const keys = values.map(decimalSortKey);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(values.length);
    expect(decimalSortKey('10.0')).toBe(decimalSortKey('10'));
    expect(decimalSortKey('-0')).toBe(decimalSortKey('0'));
    expect(() => decimalSortKey('1e5')).toThrow(InvalidDecimalError);
    expect(() => decimalSortKey('1'.repeat(21))).toThrow(InvalidDecimalError);
  });
});

describe('medianDecimal', () => {
  it('is exact: the middle value, or the mean of the two middle values', () => {
    expect(medianDecimal([])).toBeNull();
    expect(medianDecimal(['3', '1', '2'])).toBe('2');
    expect(medianDecimal(['0.1', '0.2'])).toBe('0.15');
    expect(medianDecimal(['1', '2.0', '10', '-4'])).toBe('1.5');
    expect(medianDecimal(['0.000000000000000001', '0.000000000000000002'])).toBe(
      '0.0000000000000000015',
    );
  });
});
