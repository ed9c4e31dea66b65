import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'api',
    include: ['src/**/*.test.ts'],
    // Real servers, argon2id hashes and child processes: allow more than the default 5 s.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
