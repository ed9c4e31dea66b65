import { createHash } from 'node:crypto';

/** The XRP Ledger's base58 alphabet (Bitcoin's letters in another order: 'r' is zero). */
export const XRPL_BASE58_ALPHABET = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';

const DIGIT_OF = new Map<string, number>(
  [...XRPL_BASE58_ALPHABET].map((letter, index) => [letter, index]),
);

/** Longest input we decode: every XRPL base58 string (addresses, X-addresses, seeds) is shorter. */
const MAX_ENCODED_LENGTH = 64;

/**
 * Decodes base58 with the XRPL alphabet into bytes; each leading 'r' is one leading zero byte.
 * Returns null for a character outside the alphabet or an over-long input.
 */
export function decodeXrplBase58(encoded: string): Uint8Array | null {
  if (encoded.length > MAX_ENCODED_LENGTH) return null;
  // Little-endian base-256 digits of the number read so far.
  const bytes: number[] = [];
  let leadingZeros = 0;
  let seenNonZero = false;
  for (const letter of encoded) {
    const digit = DIGIT_OF.get(letter);
    if (digit === undefined) return null;
    if (!seenNonZero && digit === 0) {
      leadingZeros += 1;
      continue;
    }
    seenNonZero = true;
    let carry = digit;
    for (let i = 0; i < bytes.length; i++) {
      carry += (bytes[i] ?? 0) * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const result = new Uint8Array(leadingZeros + bytes.length);
  bytes.reverse().forEach((byte, i) => (result[leadingZeros + i] = byte));
  return result;
}

/** Encodes bytes as XRPL base58 (used to build addresses in tests and for symmetry). */
export function encodeXrplBase58(bytes: Uint8Array): string {
  let leadingZeros = 0;
  while (leadingZeros < bytes.length && bytes[leadingZeros] === 0) leadingZeros++;
  // Little-endian base-58 digits.
  const digits: number[] = [];
  for (const byte of bytes.subarray(leadingZeros)) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += (digits[i] ?? 0) * 256;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  const zero = XRPL_BASE58_ALPHABET[0] ?? 'r';
  return (
    zero.repeat(leadingZeros) +
    digits
      .reverse()
      .map((digit) => XRPL_BASE58_ALPHABET[digit] ?? '')
      .join('')
  );
}

/** The first four bytes of SHA-256(SHA-256(payload)): base58check's checksum. */
export function base58Checksum(payload: Uint8Array): Uint8Array {
  const once = createHash('sha256').update(payload).digest();
  const twice = createHash('sha256').update(once).digest();
  return new Uint8Array(twice.subarray(0, 4));
}

/** Splits a base58check string into its payload, or null when it does not decode or check out. */
export function decodeXrplBase58Check(
  encoded: string,
): { ok: true; payload: Uint8Array } | { ok: false; reason: 'bad_alphabet' | 'bad_checksum' } {
  const bytes = decodeXrplBase58(encoded);
  if (bytes === null) return { ok: false, reason: 'bad_alphabet' };
  if (bytes.length < 5) return { ok: false, reason: 'bad_checksum' };
  const payload = bytes.subarray(0, bytes.length - 4);
  const checksum = bytes.subarray(bytes.length - 4);
  const expected = base58Checksum(payload);
  const matches = checksum.every((byte, i) => byte === expected[i]);
  return matches ? { ok: true, payload } : { ok: false, reason: 'bad_checksum' };
}

export function encodeXrplBase58Check(payload: Uint8Array): string {
  const withChecksum = new Uint8Array(payload.length + 4);
  withChecksum.set(payload);
  withChecksum.set(base58Checksum(payload), payload.length);
  return encodeXrplBase58(withChecksum);
}
