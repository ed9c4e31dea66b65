import { describe, expect, it } from 'vitest';
import { hashPassword, spendPasswordCheckTime, verifyPassword } from './passwords.js';

describe('password hashes', () => {
  it('are argon2id with m=19456 KiB, t=2, p=1 and a per-hash salt', async () => {
    const [a, b] = await Promise.all([
      hashPassword('correct horse battery'),
      hashPassword('correct horse battery'),
    ]);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(a, 'correct horse batter')).toBe(false);
  });

  it('treat a malformed stored hash as a mismatch, never a crash', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
  });

  it('spend real hashing work for unknown users', async () => {
    await expect(spendPasswordCheckTime('anything at all')).resolves.toBeUndefined();
  });
});
