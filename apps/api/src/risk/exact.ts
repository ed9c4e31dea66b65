/**
 * The little exact arithmetic the rules need on top of @klerno/db's decimals: a decimal parsed
 * once into BigInt units, and a comparison with a rational multiple of another, so thresholds
 * never meet a float. Scoring runs on every ingested row, hence the parse-once design.
 */

/** A decimal as `units / 10^scale`. */
export interface Exact {
  units: bigint;
  scale: number;
}

/** `value` must be a plain decimal (as `parseDecimal` from @klerno/db accepts). */
export function toExact(value: string): Exact {
  const negative = value.startsWith('-');
  const [integer = '', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const magnitude = BigInt(integer + fraction);
  return { units: negative ? -magnitude : magnitude, scale: fraction.length };
}

const POWERS_OF_TEN: bigint[] = [];
function powerOfTen(exponent: number): bigint {
  return (POWERS_OF_TEN[exponent] ??= 10n ** BigInt(exponent));
}

/**
 * True when `value > base × numerator / denominator`, exactly (denominator > 0), e.g.
 * fee / amount > 0.01 is `exceedsMultiple(fee, amount, 1n, 100n)` (100·fee > amount).
 */
export function exceedsMultiple(
  value: Exact,
  base: Exact,
  numerator: bigint,
  denominator: bigint,
): boolean {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const scale = Math.max(value.scale, base.scale);
  const left = value.units * powerOfTen(scale - value.scale);
  const right = base.units * powerOfTen(scale - base.scale);
  return left * denominator > right * numerator;
}

/** a > b, exactly. */
export function isAbove(a: Exact, b: Exact): boolean {
  return exceedsMultiple(a, b, 1n, 1n);
}
