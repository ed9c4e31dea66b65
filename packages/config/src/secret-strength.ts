/** The example secret in our README and .env.example: refused like any other known value. */
export const EXAMPLE_JWT_SECRET = 'change-me-to-a-long-random-secret-of-at-least-32-bytes';

export const MIN_SECRET_BYTES = 32;

/** Compared case-insensitively with the whole (trimmed) secret. */
const KNOWN_WEAK_SECRETS: ReadonlySet<string> = new Set([
  'changeme',
  'secret',
  'dev',
  'development',
  'password',
  'test',
  'default',
  'jwt_secret',
  'your-secret-here',
  'replace-me',
  EXAMPLE_JWT_SECRET,
]);

const MIN_DISTINCT_CHARACTERS = 10;
const MIN_BITS_PER_CHARACTER = 3;

/**
 * Why `secret` is unfit to sign tokens in staging/production (a short phrase), or undefined
 * when it is fit.
 *
 * "Low entropy" is a floor that catches typed or patterned secrets, not a proof of randomness.
 * A secret is refused when it has fewer than 10 distinct characters, when its Shannon entropy
 * is below 3 bits per character, or when it is one block of at most half its length repeated
 * ("abcdefghij" four times). `openssl rand -base64 32` or `-hex 32` passes all three by a wide
 * margin (about 5 and 3.8 bits per character); a bare `-hex 16` (exactly 32 characters) is
 * refused about once in 8,000 draws, and then simply needs regenerating.
 */
export function secretWeakness(secret: string): string | undefined {
  if (KNOWN_WEAK_SECRETS.has(secret.trim().toLowerCase())) {
    return 'a known weak or example value';
  }
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    return `shorter than ${MIN_SECRET_BYTES} bytes`;
  }
  const characters = [...secret];
  if (new Set(characters).size < MIN_DISTINCT_CHARACTERS) {
    return `low entropy (fewer than ${MIN_DISTINCT_CHARACTERS} distinct characters)`;
  }
  if (shannonBitsPerCharacter(characters) < MIN_BITS_PER_CHARACTER) {
    return `low entropy (below ${MIN_BITS_PER_CHARACTER} bits per character)`;
  }
  if (isShortPatternRepeated(secret)) {
    return 'low entropy (one short pattern repeated)';
  }
  return undefined;
}

function shannonBitsPerCharacter(characters: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / characters.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** True when the text repeats with a period of at most half its length ("abcabcab"). */
function isShortPatternRepeated(text: string): boolean {
  for (let period = 1; period <= text.length / 2; period++) {
    if (text.slice(period) === text.slice(0, text.length - period)) return true;
  }
  return false;
}
