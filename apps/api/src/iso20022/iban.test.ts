import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES } from './countries.js';
import { IBAN_LENGTHS, formatIban, validateIban } from './iban.js';

describe('validateIban', () => {
  it.each([
    ['DE89370400440532013000', 'DE'],
    ['GB29NWBK60161331926819', 'GB'],
    ['FR1420041010050500013M02606', 'FR'],
    ['NL91ABNA0417164300', 'NL'],
    ['NO9386011117947', 'NO'],
    ['BE68539007547034', 'BE'],
    ['CH9300762011623852957', 'CH'],
    ['ES9121000418450200051332', 'ES'],
    ['IT60X0542811101000000123456', 'IT'],
    ['AT611904300234573201', 'AT'],
    ['DK5000400440116243', 'DK'],
    ['MT84MALT011000012345MTLCAST001S', 'MT'],
    ['SA0380000000608010167519', 'SA'],
    ['BR1800360305000010009795493C1', 'BR'],
    ['LC55HEMM000100010012001200023015', 'LC'],
  ])('accepts %s (%s)', (iban, country) => {
    expect(validateIban(iban)).toEqual({ valid: true, iban, country });
  });

  it('normalises spaces and lower case to the electronic format', () => {
    expect(validateIban('  de89 3704 0044 0532 0130 00 ')).toEqual({
      valid: true,
      iban: 'DE89370400440532013000',
      country: 'DE',
    });
    expect(validateIban('gb29\tnwbk 6016 1331 9268 19')).toMatchObject({ valid: true });
  });

  it.each([
    ['', 'empty', /empty/],
    ['   ', 'empty', /empty/],
    ['DE89-3704-0044-0532-0130-00', 'bad_characters', /only letters/],
    ['DE89 3704 0044 0532 0130 0Ä', 'bad_characters', /only letters/],
    ['8937040044053201300000', 'bad_format', /country code and 2 check digits/],
    ['DEAB370400440532013000', 'bad_format', /check digits/],
    ['ZZ89370400440532013000', 'unknown_country', /ZZ is not in the IBAN registry/],
    ['US89370400440532013000', 'unknown_country', /US is not in the IBAN registry/],
    ['DE8937040044053201300', 'wrong_length', /wrong length for DE \(expected 22, got 21\)/],
    ['NO93860111179470', 'wrong_length', /wrong length for NO \(expected 15, got 16\)/],
    ['X'.repeat(100), 'wrong_length', /too long/],
    ['DE88370400440532013000', 'checksum', /checksum/],
    ['DE89370400440523013000', 'checksum', /checksum/],
    ['GB29NWBK60161331926818', 'checksum', /checksum/],
    ['DE00370400440532013000', 'checksum', /check digits 00/],
    ['DE99370400440532013000', 'checksum', /check digits 99/],
  ])('refuses %j: %s', (input, code, reason) => {
    const result = validateIban(input);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.code).toBe(code);
    expect(result.reason).toMatch(reason);
  });

  it('names the country of an IBAN that fails only its length or checksum', () => {
    expect(validateIban('DE8937040044053201300')).toMatchObject({ valid: false, country: 'DE' });
    expect(validateIban('DE88370400440532013000')).toMatchObject({ valid: false, country: 'DE' });
  });

  it('rejects every single-digit change of a valid IBAN (mod 97 catches them all)', () => {
    const valid = 'DE89370400440532013000';
    for (let position = 4; position < valid.length; position += 1) {
      const digit = Number(valid[position]);
      const changed = `${valid.slice(0, position)}${(digit + 1) % 10}${valid.slice(position + 1)}`;
      expect(validateIban(changed), changed).toMatchObject({ valid: false, code: 'checksum' });
    }
  });
});

describe('IBAN_LENGTHS', () => {
  it('covers the SWIFT registry: 89 countries, each an ISO country with a length of 15–34', () => {
    const entries = Object.entries(IBAN_LENGTHS);
    expect(entries).toHaveLength(89);
    for (const [country, length] of entries) {
      expect(COUNTRY_CODES.has(country), country).toBe(true);
      expect(length).toBeGreaterThanOrEqual(15);
      expect(length).toBeLessThanOrEqual(34);
    }
  });
});

describe('formatIban', () => {
  it('prints groups of four', () => {
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });
});
