/**
 * IBAN lengths per country, from the SWIFT IBAN registry (release 2025: 89 countries).
 * Territories that use another country's prefix (e.g. Åland → FI, Jersey → GB, Réunion → FR)
 * are covered by that prefix, as in the registry.
 */
// prettier-ignore
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27,
  BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28,
  EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21,
  LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22,
  RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25,
  SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

export type IbanErrorCode =
  'empty' | 'bad_characters' | 'bad_format' | 'unknown_country' | 'wrong_length' | 'checksum';

export type IbanValidation =
  | {
      valid: true;
      /** The electronic format: upper case, no spaces. */
      iban: string;
      country: string;
    }
  | { valid: false; code: IbanErrorCode; reason: string; country?: string };

/** Anything longer is refused before any per-character work (the longest IBAN has 34). */
const MAX_INPUT_LENGTH = 64;

/**
 * Checks an IBAN as people write it: spaces and lower case are accepted ("de89 3704 …"), the
 * country must be in the registry, the length must be that country's, and the ISO 7064 mod-97
 * check must give 1. National BBAN formats (bank code layout) are not checked.
 */
export function validateIban(input: string): IbanValidation {
  if (typeof input !== 'string' || input.trim() === '') {
    return invalid('empty', 'IBAN is empty');
  }
  if (input.length > MAX_INPUT_LENGTH) {
    return invalid('wrong_length', `IBAN is too long (at most 34 characters)`);
  }
  const iban = input.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z0-9]+$/.test(iban)) {
    return invalid('bad_characters', 'IBAN may contain only letters A–Z, digits and spaces');
  }
  if (!/^[A-Z]{2}[0-9]{2}/.test(iban)) {
    return invalid(
      'bad_format',
      'IBAN must start with a 2-letter country code and 2 check digits (e.g. DE89…)',
    );
  }
  const country = iban.slice(0, 2);
  const expectedLength = IBAN_LENGTHS[country];
  if (expectedLength === undefined) {
    return invalid('unknown_country', `IBAN country ${country} is not in the IBAN registry`);
  }
  if (iban.length !== expectedLength) {
    return invalid(
      'wrong_length',
      `wrong length for ${country} (expected ${expectedLength}, got ${iban.length})`,
      country,
    );
  }
  const checkDigits = iban.slice(2, 4);
  if (checkDigits === '00' || checkDigits === '01' || checkDigits === '99') {
    return invalid('checksum', `check digits ${checkDigits} are never issued`, country);
  }
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) {
    return invalid(
      'checksum',
      'checksum does not match (a character is wrong or swapped)',
      country,
    );
  }
  return { valid: true, iban, country };
}

function invalid(code: IbanErrorCode, reason: string, country?: string): IbanValidation {
  return country === undefined
    ? { valid: false, code, reason }
    : { valid: false, code, reason, country };
}

/** ISO 7064 MOD 97-10 over letters (A=10 … Z=35) and digits, one character at a time. */
function mod97(rearranged: string): number {
  let remainder = 0;
  for (const char of rearranged) {
    const value = Number.parseInt(char, 36);
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return remainder;
}

/** Groups of four, as IBANs are printed ("DE89 3704 0044 0532 0130 00"). */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
