/**
 * Exact decimal arithmetic on strings, with BigInt underneath: no floating point anywhere.
 * Amounts travel as plain decimal strings ("-12.5"), are stored exactly, and are summed exactly.
 */
import { InvalidInputError } from './errors.js';

/** Limits for an amount brought in (the integer and fraction parts, significant digits only). */
export const DECIMAL_MAX_INTEGER_DIGITS = 20;
export const DECIMAL_MAX_FRACTION_DIGITS = 18;

export type DecimalErrorReason =
  | 'not_a_string'
  | 'empty'
  | 'not_plain_decimal'
  | 'too_many_integer_digits'
  | 'too_many_fraction_digits';

export type DecimalParseResult =
  { ok: true; value: string } | { ok: false; reason: DecimalErrorReason; message: string };

export class InvalidDecimalError extends InvalidInputError {
  override readonly name = 'InvalidDecimalError';
  constructor(
    readonly reason: DecimalErrorReason,
    message: string = REASON_MESSAGES[reason],
  ) {
    super(message);
  }
}

const REASON_MESSAGES: Record<DecimalErrorReason, string> = {
  not_a_string: 'must be a string',
  empty: 'must not be empty',
  not_plain_decimal:
    "must be a plain decimal such as '12.5' or '-0.01' (no exponent, sign or separators)",
  too_many_integer_digits: `must have at most ${DECIMAL_MAX_INTEGER_DIGITS} integer digits`,
  too_many_fraction_digits: `must have at most ${DECIMAL_MAX_FRACTION_DIGITS} fraction digits`,
};

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal as `units / 10^scale`. */
export interface FixedPoint {
  units: bigint;
  scale: number;
}

interface DecimalParts {
  negative: boolean;
  /** Integer digits without leading zeros ('' for zero). */
  integer: string;
  /** Fraction digits without trailing zeros. */
  fraction: string;
}

function splitDecimal(input: unknown): DecimalParts | DecimalErrorReason {
  if (typeof input !== 'string') return 'not_a_string';
  if (input === '') return 'empty';
  const match = PLAIN_DECIMAL.exec(input);
  if (!match) return 'not_plain_decimal';
  return {
    negative: match[1] === '-',
    integer: (match[2] ?? '').replace(/^0+/, ''),
    fraction: (match[3] ?? '').replace(/0+$/, ''),
  };
}

function joinParts({ negative, integer, fraction }: DecimalParts): string {
  const isZero = integer === '' && fraction === '';
  if (isZero) return '0';
  const body = (integer === '' ? '0' : integer) + (fraction === '' ? '' : `.${fraction}`);
  return negative ? `-${body}` : body;
}

/**
 * Validates an amount brought in and returns its canonical form. Plain decimal notation only:
 * an optional '-', digits, optionally '.' and digits; at most 20 integer and 18 fraction digits
 * (leading integer zeros and trailing fraction zeros do not count).
 */
export function parseDecimal(input: string): DecimalParseResult {
  const parts = splitDecimal(input);
  if (typeof parts === 'string') return failure(parts);
  if (parts.integer.length > DECIMAL_MAX_INTEGER_DIGITS) return failure('too_many_integer_digits');
  if (parts.fraction.length > DECIMAL_MAX_FRACTION_DIGITS)
    return failure('too_many_fraction_digits');
  return { ok: true, value: joinParts(parts) };
}

function failure(reason: DecimalErrorReason): DecimalParseResult {
  return { ok: false, reason, message: REASON_MESSAGES[reason] };
}

/** True when `input` is a decimal `parseDecimal` accepts. */
export function isDecimal(input: string): boolean {
  return parseDecimal(input).ok;
}

/**
 * The canonical form of any plain decimal (no digit limits, so sums of any size fit):
 * no leading zeros, no trailing fraction zeros, no '-0'. Throws `InvalidDecimalError`.
 */
export function canonicalDecimal(input: string): string {
  const parts = splitDecimal(input);
  if (typeof parts === 'string') throw new InvalidDecimalError(parts);
  return joinParts(parts);
}

export function toFixedPoint(input: string): FixedPoint {
  const parts = splitDecimal(input);
  if (typeof parts === 'string') throw new InvalidDecimalError(parts);
  const magnitude = BigInt(`${parts.integer}${parts.fraction}` || '0');
  return { units: parts.negative ? -magnitude : magnitude, scale: parts.fraction.length };
}

export function fromFixedPoint({ units, scale }: FixedPoint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const cut = digits.length - scale;
  return joinParts({
    negative,
    integer: digits.slice(0, cut).replace(/^0+/, ''),
    fraction: digits.slice(cut).replace(/0+$/, ''),
  });
}

export function addFixedPoint(a: FixedPoint, b: FixedPoint): FixedPoint {
  if (a.scale === b.scale) return { units: a.units + b.units, scale: a.scale };
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

function rescale(value: FixedPoint, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** a + b, exactly, in canonical form. */
export function addDecimals(a: string, b: string): string {
  return fromFixedPoint(addFixedPoint(toFixedPoint(a), toFixedPoint(b)));
}

/** The exact sum of every value ("0" for none), in canonical form. */
export function sumDecimals(values: Iterable<string>): string {
  let total: FixedPoint = { units: 0n, scale: 0 };
  for (const value of values) total = addFixedPoint(total, toFixedPoint(value));
  return fromFixedPoint(total);
}

/** -1, 0 or 1 as a is less than, equal to or greater than b (by value: "1.0" equals "1"). */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const x = toFixedPoint(a);
  const y = toFixedPoint(b);
  const scale = Math.max(x.scale, y.scale);
  const left = rescale(x, scale);
  const right = rescale(y, scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A fixed-width text whose byte order is the numeric order of amounts within `parseDecimal`'s
 * limits: 'p' + 20 integer + 18 fraction digits for values ≥ 0; 'n' + the nines' complement of
 * those digits for negatives (so a larger magnitude sorts first). Equal values give equal keys.
 * SQLite keeps it beside the amount to compare and sort amounts exactly with an index.
 */
export function decimalSortKey(value: string): string {
  const parts = splitDecimal(value);
  if (typeof parts === 'string') throw new InvalidDecimalError(parts);
  if (parts.integer.length > DECIMAL_MAX_INTEGER_DIGITS)
    throw new InvalidDecimalError('too_many_integer_digits');
  if (parts.fraction.length > DECIMAL_MAX_FRACTION_DIGITS)
    throw new InvalidDecimalError('too_many_fraction_digits');
  const digits =
    parts.integer.padStart(DECIMAL_MAX_INTEGER_DIGITS, '0') +
    parts.fraction.padEnd(DECIMAL_MAX_FRACTION_DIGITS, '0');
  const isZero = /^0+$/.test(digits);
  if (!parts.negative || isZero) return `p${digits}`;
  let complement = '';
  for (const digit of digits) complement += String(9 - Number(digit));
  return `n${complement}`;
}

/** The exact median ("mean of the two middle values" for an even count); null for none. */
export function medianDecimal(values: readonly string[]): string | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort(compareDecimals);
  const upper = Math.floor(sorted.length / 2);
  const high = sorted[upper] as string;
  if (sorted.length % 2 === 1) return canonicalDecimal(high);
  const sum = addFixedPoint(toFixedPoint(sorted[upper - 1] as string), toFixedPoint(high));
  // Halving is exact in decimal: × 5, one more fraction digit.
  return fromFixedPoint({ units: sum.units * 5n, scale: sum.scale + 1 });
}
