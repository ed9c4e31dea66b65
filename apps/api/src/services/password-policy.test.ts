import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { characterCount, isCommonPassword, passwordPolicyProblem } from './password-policy.js';

describe('password policy', () => {
  it('ships a few hundred common passwords', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(300);
    expect(COMMON_PASSWORDS.has('password')).toBe(true);
  });

  it.each([
    'password1234',
    'Password1234!',
    '!!qwerty123456',
    'iloveyou2024!!',
    'P@ssw0rd2024!',
    'passwordpassword',
    'monkeymonkeymonkey',
    'abcabcabcabc',
    'aaaaaaaaaaaa',
    '111111111111',
    '123456789012',
    '0987654321098',
    'qwertyuiopasdf',
    'abcdefghijklmn',
    '1q2w3e4r5t6y7u',
    'Klerno2024!!!',
  ])('refuses %s', (password) => {
    expect(isCommonPassword(password)).toBe(true);
    expect(passwordPolicyProblem(password)).toMatch(/too common/);
  });

  it.each([
    'a long enough password',
    'correct horse battery',
    'Tr0ub4dor&3xyz',
    '739284619374',
    'blue-kettle-singing-42',
    'пароль-очень-длинный',
  ])('accepts %s', (password) => {
    expect(passwordPolicyProblem(password)).toBeNull();
  });

  it('counts code points, not UTF-16 units', () => {
    expect(characterCount('😀'.repeat(12))).toBe(12);
    expect(passwordPolicyProblem('😀'.repeat(11))).toMatch(/at least 12/);
    expect(passwordPolicyProblem('😀 blue kettle')).toBeNull();
    expect(passwordPolicyProblem('😀é'.repeat(64))).toBeNull();
    expect(passwordPolicyProblem(`${'😀é'.repeat(64)}x`)).toMatch(/at most 128/);
  });
});
