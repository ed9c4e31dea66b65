/**
 * Sort keys of non-negative decimal amounts, as @klerno/db's `decimalSortKey` writes them
 * ('p', 20 integer digits, 18 fraction digits: byte order is numeric order), and the exact
 * amounts back from them.
 */
const INTEGER_DIGITS = 20;
const FRACTION_DIGITS = 18;

export function sortKey(amount: string): string {
  if (!/^\d+(?:\.\d+)?$/.test(amount)) throw new Error(`not a non-negative decimal: ${amount}`);
  const [integer = '', fraction = ''] = amount.split('.');
  if (integer.length > INTEGER_DIGITS || fraction.length > FRACTION_DIGITS) {
    throw new Error(`too many digits: ${amount}`);
  }
  return `p${integer.padStart(INTEGER_DIGITS, '0')}${fraction.padEnd(FRACTION_DIGITS, '0')}`;
}

/** A canonical decimal from digits with `scale` of them after the point. */
function canonical(digits: string, scale: number): string {
  const padded = digits.padStart(scale + 1, '0');
  const integer = padded.slice(0, padded.length - scale).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(padded.length - scale).replace(/0+$/, '');
  return fraction === '' ? integer : `${integer}.${fraction}`;
}

export function amountOfKey(key: string): string {
  return canonical(BigInt(key.slice(1)).toString(), FRACTION_DIGITS);
}

/** (a + b) / 2 exactly: one more fraction digit than the keys hold. */
export function meanOfKeys(a: string, b: string): string {
  const sum = BigInt(a.slice(1)) + BigInt(b.slice(1));
  return canonical((sum * 5n).toString(), FRACTION_DIGITS + 1);
}
