import { isCountryCode } from './countries.js';

export type BicErrorCode =
  'empty' | 'wrong_length' | 'bad_institution' | 'unknown_country' | 'bad_location' | 'bad_branch';

export type BicValidation =
  | {
      valid: true;
      /** Upper case, no spaces. */
      bic: string;
      country: string;
    }
  | { valid: false; code: BicErrorCode; reason: string };

/**
 * Checks a BIC (ISO 9362): 8 or 11 characters — a 4-letter institution code, an ISO 3166
 * country, a 2-character location and an optional 3-character branch ("XXX" is the head
 * office). Spaces and lower case are accepted and normalised. Whether the BIC is registered
 * with SWIFT is not checked (that needs the SWIFT directory).
 */
export function validateBic(input: string): BicValidation {
  if (typeof input !== 'string' || input.trim() === '') {
    return invalid('empty', 'BIC is empty');
  }
  const bic = input.replace(/\s+/g, '').toUpperCase();
  if (bic.length !== 8 && bic.length !== 11) {
    return invalid('wrong_length', `BIC must have 8 or 11 characters (got ${bic.length})`);
  }
  if (!/^[A-Z]{4}$/.test(bic.slice(0, 4))) {
    return invalid('bad_institution', 'BIC must start with a 4-letter institution code');
  }
  const country = bic.slice(4, 6);
  if (!isCountryCode(country)) {
    return invalid('unknown_country', `BIC country ${quote(country)} is not an ISO 3166 country`);
  }
  if (!/^[A-Z0-9]{2}$/.test(bic.slice(6, 8))) {
    return invalid('bad_location', 'BIC location code (characters 7–8) must be letters or digits');
  }
  if (!/^(?:[A-Z0-9]{3})?$/.test(bic.slice(8))) {
    return invalid('bad_branch', 'BIC branch code (characters 9–11) must be letters or digits');
  }
  return { valid: true, bic, country };
}

function invalid(code: BicErrorCode, reason: string): BicValidation {
  return { valid: false, code, reason };
}

function quote(value: string): string {
  return JSON.stringify(value);
}
