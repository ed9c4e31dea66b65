import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MIN_CHARACTERS = 12;
export const PASSWORD_MAX_CHARACTERS = 128;

/** Unicode code points, so a password is never judged (or truncated) by UTF-16 units. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

/** Digits, punctuation and spaces people wrap around a word: "!!Password2024!" → "password". */
const PADDING = /^[\d\s\p{P}\p{S}]+|[\d\s\p{P}\p{S}]+$/gu;
/** Runs a password must not be a piece of (keyboard rows, alphabet, counting up or down). */
const RUNS = [
  '1234567890123456789012345678901234567890',
  '0987654321098765432109876543210987654321',
  'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz',
  'zyxwvutsrqponmlkjihgfedcbazyxwvutsrqponmlkjihgfedcba',
  'qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm',
  'mnbvcxzlkjhgfdsapoiuytrewqmnbvcxzlkjhgfdsapoiuytrewq',
  'qazwsxedcrfvtgbyhnujmikolp',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  '1q2w3e4r5t6y7u8i9o0p',
];
/** The smallest unit that, repeated, makes the whole string ("abcabcabc" → "abc"). */
const REPEATED_UNIT = /^(.+?)\1+$/su;
const SHORT_UNIT = 4;

/**
 * A password that is, or is a padded, repeated or keyboard-run form of, one of the most used
 * passwords. Policy checks are case-insensitive.
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  const core = lower.replace(PADDING, '');
  if (COMMON_PASSWORDS.has(core)) return true;
  const unit = REPEATED_UNIT.exec(core || lower)?.[1];
  if (unit !== undefined && (characterCount(unit) <= SHORT_UNIT || COMMON_PASSWORDS.has(unit))) {
    return true;
  }
  const compact = lower.replace(/\s+/g, '');
  return RUNS.some((run) => run.includes(compact));
}

/** The one problem with a new password, or null when it meets the policy. */
export function passwordPolicyProblem(password: string): string | null {
  const length = characterCount(password);
  if (length < PASSWORD_MIN_CHARACTERS) {
    return `Password must be at least ${PASSWORD_MIN_CHARACTERS} characters`;
  }
  if (length > PASSWORD_MAX_CHARACTERS) {
    return `Password must be at most ${PASSWORD_MAX_CHARACTERS} characters`;
  }
  if (isCommonPassword(password)) return 'This password is too common; choose another';
  return null;
}
