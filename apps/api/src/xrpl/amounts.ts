/**
 * Exact conversions of XRPL amounts to plain decimal strings: string arithmetic only, no floats.
 */

const DROPS_PER_XRP_DIGITS = 6;
const DROPS = /^\d{1,20}$/;
/**
 * An issued-currency value as rippled prints it: a plain decimal, or a 16-digit mantissa with an
 * exponent ("1000000000000000e-96") when the value is very small or very large.
 */
const ISSUED_VALUE = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;
/** Issued values span 10^-96 .. 10^96 on the ledger; anything beyond is not a ledger value. */
const MAX_ABS_EXPONENT = 200;

export function isDropsString(value: string): boolean {
  return DROPS.test(value);
}

/** "1" drop → "0.000001"; "1000000" → "1"; "0" → "0". Throws RangeError for non-drops input. */
export function dropsToXrp(drops: string): string {
  if (!isDropsString(drops)) throw new RangeError('XRP drops must be a string of 1..20 digits');
  const padded = drops.padStart(DROPS_PER_XRP_DIGITS + 1, '0');
  const integer = padded.slice(0, -DROPS_PER_XRP_DIGITS);
  const fraction = padded.slice(-DROPS_PER_XRP_DIGITS);
  return joinDecimal('', integer, fraction);
}

export function isIssuedValue(value: string): boolean {
  const match = ISSUED_VALUE.exec(value);
  return match !== null && Math.abs(Number(match[4] ?? '0')) <= MAX_ABS_EXPONENT;
}

/**
 * An issued-currency value in plain, canonical decimal notation:
 * "1000000000000000e-15" → "1", "1.50" → "1.5", "-0" → "0". Throws RangeError for other input.
 */
export function issuedValueToDecimal(value: string): string {
  const match = ISSUED_VALUE.exec(value);
  const exponent = Number(match?.[4] ?? '0');
  if (!match || Math.abs(exponent) > MAX_ABS_EXPONENT) {
    throw new RangeError('an issued-currency value must be a decimal, optionally with an exponent');
  }
  const sign = match[1] === '-' ? '-' : '';
  const digits = (match[2] ?? '') + (match[3] ?? '');
  // The decimal point sits after `pointAt` digits of `digits`; the exponent moves it.
  const pointAt = (match[2] ?? '').length + exponent;
  if (pointAt <= 0) return joinDecimal(sign, '', '0'.repeat(-pointAt) + digits);
  if (pointAt >= digits.length)
    return joinDecimal(sign, digits + '0'.repeat(pointAt - digits.length), '');
  return joinDecimal(sign, digits.slice(0, pointAt), digits.slice(pointAt));
}

function joinDecimal(sign: string, integerDigits: string, fractionDigits: string): string {
  const integer = integerDigits.replace(/^0+/, '') || '0';
  const fraction = fractionDigits.replace(/0+$/, '');
  if (integer === '0' && fraction === '') return '0';
  return `${sign}${integer}${fraction === '' ? '' : `.${fraction}`}`;
}

const STANDARD_CURRENCY = /^[A-Za-z0-9?!@#$%^&*<>(){}[\]|]{3}$/;
const HEX_CURRENCY = /^[0-9A-Fa-f]{40}$/;

/** A currency code as the ledger writes it: 3 characters (not "XRP") or 160 bits as 40 hex digits. */
export function isIssuedCurrencyCode(code: string): boolean {
  return (STANDARD_CURRENCY.test(code) && code !== 'XRP') || HEX_CURRENCY.test(code);
}

/**
 * The code as our transactions carry it: letters-and-digits 3-character codes as they are, the rare
 * 3-character codes with symbols ("$$$") in their exact 160-bit form (40 hex digits), so every code
 * fits the "3 letters or digits, or 40 hex digits" rule of `transactions.ingest`.
 */
export function currencyCodeForTransaction(code: string): string {
  if (HEX_CURRENCY.test(code) || /^[A-Za-z0-9]{3}$/.test(code)) return code;
  const bytes = Buffer.alloc(20);
  bytes.write(code, 12, 'latin1');
  return bytes.toString('hex').toUpperCase();
}

/**
 * A readable name for a 40-hex currency code whose bytes are printable ASCII padded with NULs
 * (how tokens such as "SOLO" are written), or null when it is not text (e.g. an LP token).
 * 3-character codes are already readable and are returned as they are.
 */
export function currencyDisplayName(code: string): string | null {
  if (!HEX_CURRENCY.test(code)) return code;
  const bytes = Buffer.from(code, 'hex');
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const text = bytes.subarray(0, end);
  const printable = text.length > 0 && text.every((byte) => byte >= 0x20 && byte <= 0x7e);
  return printable ? text.toString('latin1').trim() || null : null;
}
