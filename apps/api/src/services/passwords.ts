import { randomBytes } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1). The numeric
 * algorithm id is used because @node-rs/argon2 declares `Algorithm` as an ambient const enum,
 * which isolated modules cannot read.
 */
const ARGON2ID = 2 as Options['algorithm'];
const ARGON2_VERSION = 19;
export const PASSWORD_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} satisfies Options;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a malformed stored hash: never throws on bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

const PHC_PARAMETERS = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/;

/**
 * True when a stored hash was made with weaker settings than today's (another argon2 variant,
 * less memory, fewer passes, other parallelism): rehash it at the next successful sign-in.
 */
export function needsRehash(passwordHash: string): boolean {
  const match = PHC_PARAMETERS.exec(passwordHash);
  if (!match) return true;
  const [, variant, version, memory, time, parallelism] = match;
  return (
    variant !== 'argon2id' ||
    Number(version) !== ARGON2_VERSION ||
    Number(memory) < PASSWORD_HASH_OPTIONS.memoryCost ||
    Number(time) < PASSWORD_HASH_OPTIONS.timeCost ||
    Number(parallelism) !== PASSWORD_HASH_OPTIONS.parallelism
  );
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as checking a real password, so an unknown email cannot be told
 * apart from a wrong password by timing. The dummy hash is made once, on first use.
 */
export async function spendPasswordCheckTime(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  await verifyPassword(await dummyHash, password);
}
