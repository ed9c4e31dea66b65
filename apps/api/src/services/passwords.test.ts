import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, spendPasswordCheckTime, verifyPassword } from './passwords.js';

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

describe('needsRehash', () => {
  const salt = 'c29tZXNhbHRzb21lc2FsdA';
  const tail = `${salt}$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g`;

  it('is false for a hash with the current parameters (or stronger memory and passes)', async () => {
    expect(needsRehash(await hashPassword('correct horse battery'))).toBe(false);
    expect(needsRehash(`$argon2id$v=19$m=65536,t=3,p=1$${tail}`)).toBe(false);
  });

  it.each([
    ['less memory', `$argon2id$v=19$m=4096,t=2,p=1$${tail}`],
    ['fewer passes', `$argon2id$v=19$m=19456,t=1,p=1$${tail}`],
    ['other parallelism', `$argon2id$v=19$m=19456,t=2,p=4$${tail}`],
    ['argon2i', `$argon2i$v=19$m=19456,t=2,p=1$${tail}`],
    ['an old argon2 version', `$argon2id$v=16$m=19456,t=2,p=1$${tail}`],
    ['bcrypt', '$2b$12$abcdefghijklmnopqrstuuO1m9Hh6V8b6hI2VvI3o7YQ6v7b9uJ9y'],
    ['garbage', 'not-a-hash'],
  ])('is true for %s', (_label, stored) => {
    expect(needsRehash(stored)).toBe(true);
  });
});
