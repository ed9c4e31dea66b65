import { describe, expect, it } from 'vitest';
import {
  currencyCodeForTransaction,
  currencyDisplayName,
  dropsToXrp,
  issuedValueToDecimal,
} from './amounts.js';

describe('dropsToXrp', () => {
  it.each([
    ['0', '0'],
    ['1', '0.000001'],
    ['10', '0.00001'],
    ['12', '0.000012'],
    ['999999', '0.999999'],
    ['1000000', '1'],
    ['1000001', '1.000001'],
    ['1234567890', '1234.56789'],
    ['100000000000000000', '100000000000'], // all XRP that will ever exist
    ['000123', '0.000123'],
  ])('%s drops is %s XRP', (drops, xrp) => {
    expect(dropsToXrp(drops)).toBe(xrp);
  });

  it.each(['', '-1', '1.5', '1e6', ' 1', '123456789012345678901'])('refuses %j', (drops) => {
    expect(() => dropsToXrp(drops)).toThrow(RangeError);
  });
});

describe('issuedValueToDecimal', () => {
  it.each([
    ['1', '1'],
    ['1.50', '1.5'],
    ['0.0001', '0.0001'],
    ['-0', '0'],
    ['-12.5', '-12.5'],
    ['1000000000000000e-15', '1'],
    ['1234567890123456e-20', '0.00001234567890123456'],
    ['1000000000000000e-96', '0.' + '0'.repeat(80) + '1'],
    ['9999999999999999e80', '9999999999999999' + '0'.repeat(80)],
    ['1.5e3', '1500'],
    ['15E-1', '1.5'],
    ['+7', '7'],
  ])('%s is %s', (value, decimal) => {
    expect(issuedValueToDecimal(value)).toBe(decimal);
  });

  it.each(['', 'NaN', '1,000', '1e', 'e5', '0x10', '1e99999', 'Infinity'])(
    'refuses %j',
    (value) => {
      expect(() => issuedValueToDecimal(value)).toThrow(RangeError);
    },
  );
});

describe('currency codes', () => {
  it('names a 40-hex code after its ASCII text and leaves non-text codes unnamed', () => {
    expect(currencyDisplayName('534F4C4F00000000000000000000000000000000')).toBe('SOLO');
    expect(currencyDisplayName('USD')).toBe('USD');
    // An AMM LP token code: 0x03 then a hash; not text.
    expect(currencyDisplayName('03B20F3A7D26D33C6DA3503E5CCE3E67B102D4D2')).toBeNull();
    expect(currencyDisplayName('0000000000000000000000000000000000000000')).toBeNull();
  });

  it('keeps letter-and-digit codes and writes symbol codes in their exact 160-bit form', () => {
    expect(currencyCodeForTransaction('USD')).toBe('USD');
    expect(currencyCodeForTransaction('534F4C4F00000000000000000000000000000000')).toBe(
      '534F4C4F00000000000000000000000000000000',
    );
    expect(currencyCodeForTransaction('$$$')).toBe('0000000000000000000000002424240000000000');
  });
});
