import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES } from './countries.js';
import { validateBic } from './bic.js';

describe('validateBic', () => {
  it.each([
    ['DEUTDEFF', 'DE'],
    ['DEUTDEFF500', 'DE'],
    ['NWBKGB2L', 'GB'],
    ['COBADEFFXXX', 'DE'],
    ['ZKBKCHZZ80A', 'CH'],
    ['BNPAFRPPXXX', 'FR'],
    ['RZBAXKPRXXX', 'XK'],
  ])('accepts %s', (bic, country) => {
    expect(validateBic(bic)).toEqual({ valid: true, bic, country });
  });

  it('normalises spaces and lower case', () => {
    expect(validateBic(' deut de ff 500 ')).toEqual({
      valid: true,
      bic: 'DEUTDEFF500',
      country: 'DE',
    });
  });

  it.each([
    ['', 'empty', /empty/],
    ['DEUTDEF', 'wrong_length', /8 or 11 characters \(got 7\)/],
    ['DEUTDEFF5', 'wrong_length', /got 9/],
    ['DEUTDEFF5000', 'wrong_length', /got 12/],
    ['DEU1DEFF', 'bad_institution', /4-letter institution/],
    ['DÉUTDEFF', 'bad_institution', /4-letter institution/],
    ['DEUTZZFF', 'unknown_country', /"ZZ" is not an ISO 3166 country/],
    ['DEUT12FF', 'unknown_country', /"12"/],
    ['DEUTDEF-', 'bad_location', /location code/],
    ['DEUTDEFF50-', 'bad_branch', /branch code/],
  ])('refuses %j: %s', (input, code, reason) => {
    const result = validateBic(input);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.code).toBe(code);
    expect(result.reason).toMatch(reason);
  });
});

describe('COUNTRY_CODES', () => {
  it('holds the 249 ISO 3166-1 codes plus XK', () => {
    expect(COUNTRY_CODES.size).toBe(250);
    for (const code of ['DE', 'US', 'CH', 'SS', 'BQ', 'AX', 'XK'])
      expect(COUNTRY_CODES.has(code)).toBe(true);
    for (const code of ['UK', 'EU', 'ZZ', 'AN']) expect(COUNTRY_CODES.has(code)).toBe(false);
  });
});
